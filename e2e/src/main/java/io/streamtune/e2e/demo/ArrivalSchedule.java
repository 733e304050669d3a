package io.streamtune.e2e.demo;

import java.util.SplittableRandom;

/**
 * When each email of a sustained stream arrives: a Poisson process at a given rate, i.e. exponential gaps with mean
 * 1 / rate, drawn from a seed so that two runs with the same seed send on the same schedule.
 */
final class ArrivalSchedule {

    private final double ratePerSecond;
    private final double[] arrivals;

    /**
     * @param ratePerSecond the mean arrival rate, emails per second
     * @param count how many arrivals
     * @param seed the seed of the gaps
     */
    ArrivalSchedule(double ratePerSecond, int count, long seed) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("The arrival rate must be a positive number of emails per second, was "
                    + ratePerSecond + ".");
        }
        if (count < 0) {
            throw new IllegalArgumentException("The number of arrivals must be 0 or more, was " + count + ".");
        }
        this.ratePerSecond = ratePerSecond;
        this.arrivals = new double[count];
        SplittableRandom random = new SplittableRandom(seed);
        double t = 0;
        for (int i = 0; i < count; i++) {
            t += -Math.log(1.0 - random.nextDouble()) / ratePerSecond; // 1 - u lies in (0, 1]: no log(0)
            arrivals[i] = t;
        }
    }

    double ratePerSecond() {
        return ratePerSecond;
    }

    int size() {
        return arrivals.length;
    }

    /** Seconds from the start of the stream to arrival {@code i}. */
    double at(int i) {
        return arrivals[i];
    }

    /**
     * The end (exclusive) of the arrivals from {@code from} on that are due after {@code elapsedSeconds}, at most
     * {@code max} of them: what one request sends when the sender looks at the clock.
     */
    int dueUntil(int from, double elapsedSeconds, int max) {
        int end = from;
        while (end < arrivals.length && end - from < max && arrivals[end] <= elapsedSeconds) {
            end++;
        }
        return end;
    }
}
