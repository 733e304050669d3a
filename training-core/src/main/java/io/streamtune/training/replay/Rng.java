package io.streamtune.training.replay;

/**
 * SplitMix64: a fast generator whose whole state is one {@code long}, so a checkpoint can store it and a resumed
 * trainer draws exactly the numbers an uninterrupted one would have drawn.
 */
public final class Rng {

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The state to store; {@code new Rng(state())} continues the same sequence. */
    public long state() {
        return state;
    }

    public long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias. */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = bound - 1;
        if ((bound & m) == 0) {
            return nextLong() & m;
        }
        long u = nextLong() >>> 1;
        long r;
        while (u + m - (r = u % bound) < 0) {
            u = nextLong() >>> 1;
        }
        return r;
    }

    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
