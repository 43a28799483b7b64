package io.taskgrid.fx;

import io.taskgrid.api.task.Language;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A RichTextFX code area with line numbers and syntax highlighting for the languages agents run. */
final class CodeEditor {
    private static final Map<Language, List<String>> KEYWORDS = Map.of(
            Language.PYTHON, List.of("False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def",
                    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
                    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "print"),
            Language.SHELL, List.of("if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do",
                    "done", "in", "function", "return", "exit", "export", "local", "echo", "read", "set", "shift"),
            Language.JAVA, List.of("abstract", "boolean", "break", "case", "catch", "char", "class", "continue", "default",
                    "do", "double", "else", "enum", "extends", "final", "finally", "for", "if", "implements", "import",
                    "int", "interface", "long", "new", "package", "private", "protected", "public", "record", "return",
                    "static", "switch", "this", "throw", "throws", "try", "var", "void", "while"),
            Language.NODE, List.of("async", "await", "break", "case", "catch", "class", "const", "continue", "default",
                    "else", "export", "for", "function", "if", "import", "let", "new", "return", "switch", "this", "throw",
                    "try", "var", "while", "require"),
            Language.RUBY, List.of("begin", "class", "def", "do", "else", "elsif", "end", "ensure", "if", "module", "nil",
                    "puts", "require", "rescue", "return", "self", "then", "unless", "until", "when", "while", "yield"),
            Language.PERL, List.of("foreach", "for", "if", "elsif", "else", "my", "our", "print", "return", "sub", "unless",
                    "use", "while", "last", "next", "local"));

    private final CodeArea area = new CodeArea();
    private Pattern pattern;

    CodeEditor() {
        area.setId("code-editor");
        IntFunction<Node> numbers = LineNumberFactory.get(area);
        area.setParagraphGraphicFactory(line -> lineNumber(numbers.apply(line)));
        area.getStyleClass().add("code-area-taskgrid");
        language(Language.PYTHON);
        area.textProperty().addListener((o, was, now) -> highlight());
    }

    /**
     * A line number with its colours set on itself: RichTextFX styles it before it is in the scene, where modena's
     * looked-up text colour cannot be resolved (a CSS warning per line number otherwise).
     */
    private static Node lineNumber(Node number) {
        for (Node n = number; n instanceof Labeled label; n = label.getGraphic()) {
            label.setStyle("-fx-text-fill: #8c959f;");
        }
        return number;
    }

    CodeArea area() {
        return area;
    }

    VirtualizedScrollPane<CodeArea> node() {
        return new VirtualizedScrollPane<>(area);
    }

    /** Switches the highlighting to {@code language} (plain text for {@code null}). */
    void language(Language language) {
        Language key = language == Language.BASH ? Language.SHELL : language;
        List<String> words = key == null ? List.of() : KEYWORDS.getOrDefault(key, List.of());
        String comment = key == Language.JAVA || key == Language.NODE ? "//[^\n]*|/\\*(.|\\R)*?\\*/" : "#[^\n]*";
        String keyword = words.isEmpty() ? "(?!x)x" : "\\b(" + String.join("|", words) + ")\\b";
        pattern = Pattern.compile("(?<KEYWORD>" + keyword + ")|(?<STRING>\"([^\"\\\\\\n]|\\\\.)*\"|'([^'\\\\\\n]|\\\\.)*')"
                + "|(?<COMMENT>" + comment + ")|(?<NUMBER>\\b\\d+(\\.\\d+)?\\b)");
        highlight();
    }

    private void highlight() {
        String text = area.getText();
        if (text.isEmpty()) {
            return;
        }
        area.setStyleSpans(0, spans(text));
    }

    private StyleSpans<Collection<String>> spans(String text) {
        Matcher m = pattern.matcher(text);
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int last = 0;
        while (m.find()) {
            String style = m.group("KEYWORD") != null ? "keyword" : m.group("STRING") != null ? "string"
                    : m.group("COMMENT") != null ? "comment" : "number";
            b.add(Collections.emptyList(), m.start() - last);
            b.add(Collections.singleton(style), m.end() - m.start());
            last = m.end();
        }
        b.add(Collections.emptyList(), text.length() - last);
        return b.create();
    }
}
