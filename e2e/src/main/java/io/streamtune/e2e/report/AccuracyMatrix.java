package io.streamtune.e2e.report;

import java.util.Arrays;

/**
 * Accuracy on every task after each task of a task sequence: {@code a[i][j]} is the accuracy on task j's held-out
 * examples once tasks 0..i are learnt (class-incremental: predictions over every label seen so far). Forgetting is
 * Chaudhry et al.'s (2018): for each earlier task, the best accuracy it ever had minus its final accuracy.
 */
public final class AccuracyMatrix {

    private final double[][] a;

    public AccuracyMatrix(int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException("an accuracy matrix needs at least one task, got " + tasks + ".");
        }
        a = new double[tasks][tasks];
        for (double[] row : a) {
            Arrays.fill(row, Double.NaN);
        }
    }

    public int tasks() {
        return a.length;
    }

    /** Records the accuracy on task {@code task} after learning task {@code after}. */
    public void set(int after, int task, double accuracy) {
        a[after][task] = accuracy;
    }

    public double get(int after, int task) {
        return a[after][task];
    }

    /** Mean accuracy over all tasks after the last one. */
    public double finalAverageAccuracy() {
        int last = a.length - 1;
        double sum = 0;
        for (int j = 0; j <= last; j++) {
            sum += a[last][j];
        }
        return sum / a.length;
    }

    /** Forgetting of task j at the end: max over i in [j, T-2] of a[i][j], minus a[T-1][j]. */
    public double forgetting(int task) {
        int last = a.length - 1;
        if (task >= last) {
            throw new IllegalArgumentException("the last task (" + last + ") cannot be forgotten yet; asked for "
                    + task + ".");
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int i = task; i < last; i++) {
            best = Math.max(best, a[i][task]);
        }
        return best - a[last][task];
    }

    /** Mean forgetting over every task but the last; 0 for a single task. */
    public double averageForgetting() {
        int last = a.length - 1;
        if (last == 0) {
            return 0;
        }
        double sum = 0;
        for (int j = 0; j < last; j++) {
            sum += forgetting(j);
        }
        return sum / last;
    }

    /** The lowest accuracy a task has right after it is learnt: min over i of a[i][i] (how well new tasks are learnt). */
    public double minNewTaskAccuracy() {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            min = Math.min(min, a[i][i]);
        }
        return min;
    }

    /** Backward transfer (Lopez-Paz and Ranzato, 2017): mean of a[T-1][j] - a[j][j] over earlier tasks. */
    public double backwardTransfer() {
        int last = a.length - 1;
        if (last == 0) {
            return 0;
        }
        double sum = 0;
        for (int j = 0; j < last; j++) {
            sum += a[last][j] - a[j][j];
        }
        return sum / last;
    }

    /** A copy of the rows. */
    public double[][] rows() {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
