package io.streamtune.e2e.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * The held-out accuracy matrices of the main Split-Emoji runs as heat maps in one image (row = after task i, top
 * first; column = task j; red 0 to green 1), and joint training's per-task accuracy as a one-row map beside them.
 */
final class EmojiMatrixChart {

    private static final int WIDTH = 440;
    private static final int HEIGHT = 400;
    private static final Color[] RED_TO_GREEN = {new Color(215, 48, 39), new Color(254, 224, 139),
            new Color(26, 152, 80)};

    private EmojiMatrixChart() {
    }

    /** Writes the image; false when none of {@link Charts#MATRIX_RUNS} ran. */
    static boolean save(EmojiExperiment emoji, Path file) throws IOException {
        List<IChart> panels = new ArrayList<>();
        for (String run : Charts.MATRIX_RUNS) {
            AccuracyMatrix m = emoji.matrices.get(run);
            if (m != null) {
                panels.add(matrix(Charts.name(run), m));
            }
        }
        if (panels.isEmpty()) {
            return false;
        }
        double[] joint = emoji.jointAccuracy.get("joint");
        if (joint != null) {
            panels.add(vector(Charts.name("joint"), joint));
        }
        int cols = Math.min(3, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        while (panels.size() < rows * cols) {
            panels.add(Charts.blank(WIDTH, HEIGHT));
        }
        BitmapEncoder.saveBitmap(panels, rows, cols, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    private static HeatMapChart matrix(String title, AccuracyMatrix m) {
        int n = m.tasks();
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                if (Double.isFinite(m.get(i, j))) {
                    // y index 0 is drawn at the bottom: the row after task 1 goes on top
                    cells.add(new Number[] {j, n - 1 - i, m.get(i, j)});
                }
            }
        }
        List<String> rows = new ArrayList<>();
        for (int i = n; i >= 1; i--) {
            rows.add(Integer.toString(i));
        }
        HeatMapChart c = chart(title, "task j", "after task i");
        c.addSeries("accuracy", tasks(n), rows, cells);
        return c;
    }

    private static HeatMapChart vector(String title, double[] accuracy) {
        List<Number[]> cells = new ArrayList<>();
        for (int j = 0; j < accuracy.length; j++) {
            cells.add(new Number[] {j, 0, accuracy[j]});
        }
        HeatMapChart c = chart(title, "task j", "trained on all tasks at once");
        c.addSeries("accuracy", tasks(Math.max(1, accuracy.length)), List.of("end"), cells);
        return c;
    }

    private static List<Integer> tasks(int n) {
        List<Integer> out = new ArrayList<>();
        for (int j = 1; j <= n; j++) {
            out.add(j);
        }
        return out;
    }

    private static HeatMapChart chart(String title, String xTitle, String yTitle) {
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        c.getStyler().setShowValue(true).setMin(0).setMax(1).setRangeColors(RED_TO_GREEN)
                .setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setLegendVisible(false);
        // otherwise every other row label is skipped
        c.getStyler().setYAxisTickMarkSpacingHint(5);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }
}
