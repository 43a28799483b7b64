# A program with a syntax error: the agent checks it before it runs; the task fails (exit 1) with the checker's lines.
def greet(name)
    print("hello", name)
