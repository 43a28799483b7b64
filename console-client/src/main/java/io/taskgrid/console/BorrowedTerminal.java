package io.taskgrid.console;

import org.jline.terminal.Terminal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumMap;
import java.util.Map;

/**
 * A terminal lent to a command (see {@link TerminalOpener#borrowing}): every call goes to the owner's terminal except
 * {@code close()}, which only puts back the signal handlers the borrower replaced.
 */
final class BorrowedTerminal implements InvocationHandler {
    private final Terminal terminal;
    /** The handlers in place before the borrower's first {@code handle} of each signal. */
    private final Map<Terminal.Signal, Terminal.SignalHandler> replaced = new EnumMap<>(Terminal.Signal.class);

    private BorrowedTerminal(Terminal terminal) {
        this.terminal = terminal;
    }

    static Terminal of(Terminal terminal) {
        return (Terminal) Proxy.newProxyInstance(Terminal.class.getClassLoader(), new Class<?>[] {Terminal.class},
                new BorrowedTerminal(terminal));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        int arity = args == null ? 0 : args.length;
        switch (method.getName()) {
            case "close":
                if (arity == 0) {
                    giveBack();
                    return null;
                }
                break;
            case "handle":
                if (arity == 2 && args[0] instanceof Terminal.Signal signal) {
                    Terminal.SignalHandler previous = terminal.handle(signal, (Terminal.SignalHandler) args[1]);
                    synchronized (replaced) {
                        replaced.putIfAbsent(signal, previous);
                    }
                    return previous;
                }
                break;
            case "equals":
                if (arity == 1) {
                    return proxy == args[0];
                }
                break;
            case "hashCode":
                if (arity == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "toString":
                if (arity == 0) {
                    return "borrowed " + terminal;
                }
                break;
            default:
                break;
        }
        try {
            return method.invoke(terminal, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void giveBack() {
        synchronized (replaced) {
            replaced.forEach(terminal::handle);
            replaced.clear();
        }
        terminal.flush();
    }
}
