import java.util.stream.IntStream;

/** Counts the primes below a limit (first argument, default 100000): a single-file Java program. */
public class Primes {
    public static void main(String[] args) {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long count = IntStream.range(2, limit).filter(Primes::isPrime).count();
        System.out.println(count + " primes below " + limit);
    }

    static boolean isPrime(int n) {
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
