# A program with a syntax error: TaskGrid refuses it before it runs and says where.
def greet(name)
    print("hello", name)
