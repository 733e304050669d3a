package io.streamtune.e2e.report;

import io.streamtune.e2e.corpus.LabelledText;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, as PNG files next to e2e.json. */
final class Charts {

    /** A run's name for people: its candidate's description, else the name of a baseline or bound. */
    static String name(String run) {
        return Candidates.describe(run, NAMES.getOrDefault(run, run));
    }

    private static final Map<String, String> NAMES = Map.of("joint", "joint offline (upper bound)",
            "tfidf_full", "TF-IDF + LR, full text", "tfidf_128", "TF-IDF + LR, first 128 tokens", "tfidf",
            "TF-IDF + LR", "tfidf_joint", "TF-IDF + LR, joint offline");
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    private static final Color GREY = new Color(150, 150, 150);

    private Charts() {
    }

    /** Held-out macro-F1 on 2002 and on 2003 mail, and spam F1, against examples trained; returns the file names. */
    static List<String> spam(SpamExperiment spam, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> files = new ArrayList<>();
        files.add(spamChart(spam, dir, "e2e-spam-f1-2002.png", "Held-out 2002 mail: macro-F1 during the stream",
                "macro-F1 (2002 held-out)", e -> e.slice("2002").macroF1()));
        files.add(spamChart(spam, dir, "e2e-spam-f1-2003.png", "Held-out 2003 mail: macro-F1 during the stream",
                "macro-F1 (2003 held-out)", e -> e.slice("2003").macroF1()));
        files.add(spamChart(spam, dir, "e2e-spam-spam-f1.png", "All held-out mail: spam-class F1 during the stream",
                "spam F1 (all held-out)", e -> e.slice(Evaluation.ALL).f1("spam")));
        files.add(PREQUENTIAL_SPAM);
        Map<String, Prequential> prequential = new LinkedHashMap<>();
        spam.runs.forEach((run, r) -> {
            if (r.prequential() != null) {
                prequential.put(run, r.prequential());
            }
        });
        XYChart chart = prequential(prequential, "SpamAssassin: prequential accuracy (each batch predicted before it "
                + "is trained on)", "training examples seen (stream order: 2002, 2003, hard ham; batch 16)");
        phaseLines(chart, spam.train, chart.getStyler().getYAxisMin());
        BitmapEncoder.saveBitmap(chart, dir.resolve(PREQUENTIAL_SPAM).toString(), BitmapEncoder.BitmapFormat.PNG);
        return files;
    }

    private static String spamChart(SpamExperiment spam, Path dir, String file, String title, String yTitle,
            ToDoubleFunction<Evaluation> metric) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDE).height(600).title(title)
                .xAxisTitle("training examples seen (stream order: 2002, 2003, hard ham; batch 16)")
                .yAxisTitle(yTitle).build();
        style(chart);
        sideLegend(chart);
        double lo = 1;
        double xMax = spam.train.size();
        for (Map.Entry<String, RunResult> e : spam.runs.entrySet()) {
            String run = e.getKey();
            RunResult r = e.getValue();
            if (run.equals("joint")) {
                continue;
            }
            double[] x = r.curve().stream().mapToDouble(Evaluation::examples).toArray();
            double[] y = r.curve().stream().mapToDouble(metric).toArray();
            for (double v : y) {
                lo = Math.min(lo, v);
            }
            XYSeries s = chart.addSeries(name(run), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (run.startsWith("tfidf")) {
                s.setLineStyle(DASHED);
            }
        }
        RunResult joint = spam.runs.get("joint");
        if (joint != null) {
            double v = metric.applyAsDouble(joint.last());
            lo = Math.min(lo, v);
            XYSeries s = chart.addSeries(name("joint"), new double[] {0, xMax}, new double[] {v, v});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(DASHED);
            s.setLineColor(Color.BLACK);
        }
        double floor = Math.max(0, Math.floor(lo * 20) / 20);
        chart.getStyler().setYAxisMin(floor).setYAxisMax(1.0);
        phaseLines(chart, spam.train, floor);
        Path out = dir.resolve(file);
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    static final String PREQUENTIAL_SPAM = "e2e-spam-prequential.png";
    static final String MATRICES = "e2e-emoji-matrices.png";
    /** The Split-Emoji runs whose accuracy matrix is drawn (when they ran), and joint's vector after them. */
    static final List<String> MATRIX_RUNS = List.of(Candidates.DEFAULT, "gradual", "naive", "reservoir", "derpp");

    /** Trailing-window prequential accuracy of each run against examples seen; the y axis floored at the lowest. */
    private static XYChart prequential(Map<String, Prequential> runs, String title, String xTitle) {
        int window = runs.values().stream().mapToInt(Prequential::window).findFirst().orElse(0);
        XYChart chart = new XYChartBuilder().width(WIDE).height(600).title(title).xAxisTitle(xTitle)
                .yAxisTitle("accuracy over the last " + window + " examples").build();
        style(chart);
        sideLegend(chart);
        double lo = 1;
        for (Map.Entry<String, Prequential> e : runs.entrySet()) {
            List<double[]> curve = e.getValue().curve();
            double[] x = curve.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = curve.stream().mapToDouble(p -> p[1]).toArray();
            for (double v : y) {
                lo = Math.min(lo, v);
            }
            XYSeries s = chart.addSeries(name(e.getKey()), x, y);
            s.setMarker(SeriesMarkers.NONE);
            if (e.getKey().startsWith("tfidf")) {
                s.setLineStyle(DASHED);
            }
        }
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(lo * 20) / 20)).setYAxisMax(1.0);
        return chart;
    }

    /** Grey vertical lines where a new period of the stream starts. */
    private static void phaseLines(XYChart chart, List<LabelledText> stream, double floor) {
        for (int i = 1; i < stream.size(); i++) {
            if (!stream.get(i).period().equals(stream.get(i - 1).period())) {
                XYSeries s = chart.addSeries("start of " + stream.get(i).period(), new double[] {i, i},
                        new double[] {floor, 1.0});
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(GREY);
                s.setLineWidth(1f);
            }
        }
    }

    /** Per-task accuracy curves of every configuration (one panel each), and the mean over the tasks seen. */
    static List<String> emoji(EmojiExperiment emoji, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<XYChart> panels = new ArrayList<>();
        for (Map.Entry<String, AccuracyMatrix> e : emoji.matrices.entrySet()) {
            AccuracyMatrix m = e.getValue();
            XYChart chart = new XYChartBuilder().width(560).height(440).title(name(e.getKey()))
                    .xAxisTitle("tasks learnt").yAxisTitle("held-out accuracy").build();
            style(chart);
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
                    .setLegendLayout(Styler.LegendLayout.Horizontal);
            for (int j = 0; j < m.tasks(); j++) {
                int n = m.tasks() - j;
                double[] x = new double[n];
                double[] y = new double[n];
                for (int i = j; i < m.tasks(); i++) {
                    x[i - j] = i + 1;
                    y[i - j] = m.get(i, j);
                }
                chart.addSeries("task " + (j + 1), x, y).setMarker(SeriesMarkers.CIRCLE);
            }
            double[] joint = emoji.jointAccuracy.get("joint");
            if (joint != null) {
                double mean = java.util.Arrays.stream(joint).average().orElse(Double.NaN);
                XYSeries s = chart.addSeries("joint, mean", new double[] {1, m.tasks()}, new double[] {mean, mean});
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(DASHED);
                s.setLineColor(Color.BLACK);
            }
            panels.add(chart);
        }
        String tasks = "e2e-emoji-tasks.png";
        int cols = 3;
        int rows = (panels.size() + cols - 1) / cols;
        while (panels.size() < rows * cols) {
            panels.add(blank());
        }
        BitmapEncoder.saveBitmap(panels, rows, cols, dir.resolve(tasks).toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart seen = new XYChartBuilder().width(WIDE).height(600)
                .title("Split-Emoji: mean held-out accuracy over the tasks seen so far")
                .xAxisTitle("tasks learnt (2 new emoji groups each)").yAxisTitle("mean accuracy, tasks seen").build();
        style(seen);
        seen.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        sideLegend(seen);
        for (Map.Entry<String, AccuracyMatrix> e : emoji.matrices.entrySet()) {
            AccuracyMatrix m = e.getValue();
            double[] x = new double[m.tasks()];
            double[] y = new double[m.tasks()];
            for (int i = 0; i < m.tasks(); i++) {
                x[i] = i + 1;
                y[i] = EmojiExperiment.meanSeen(m, i);
            }
            XYSeries s = seen.addSeries(name(e.getKey()), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (e.getKey().startsWith("tfidf")) {
                s.setLineStyle(DASHED);
            }
        }
        String mean = "e2e-emoji-mean.png";
        BitmapEncoder.saveBitmap(seen, dir.resolve(mean).toString(), BitmapEncoder.BitmapFormat.PNG);
        List<String> files = new ArrayList<>(List.of(tasks, mean));
        if (EmojiMatrixChart.save(emoji, dir.resolve(MATRICES))) {
            files.add(MATRICES);
        }
        String prequential = "e2e-emoji-prequential.png";
        XYChart p = prequential(emoji.prequential, "Split-Emoji: prequential accuracy (each batch predicted before "
                + "it is trained on; a new group's first examples cannot be right)", "training examples seen (4 "
                + "tasks in order; batch 16)");
        BitmapEncoder.saveBitmap(p, dir.resolve(prequential).toString(), BitmapEncoder.BitmapFormat.PNG);
        files.add(prequential);
        return files;
    }

    private static XYChart blank() {
        return blank(560, 440);
    }

    /** An empty panel that fills a grid's last cells. */
    static XYChart blank(int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).build();
        c.getStyler().setXAxisTicksVisible(false).setYAxisTicksVisible(false).setPlotBorderVisible(false);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.getStyler().setPlotGridHorizontalLinesVisible(false);
        c.getStyler().setPlotBackgroundColor(Color.WHITE).setChartBackgroundColor(Color.WHITE);
        c.getStyler().setChartTitleVisible(false);
        c.getStyler().setLegendVisible(false);
        c.addSeries(" ", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        return c;
    }

    /** Room on the right for a legend of a dozen runs, one per line (a legend below cuts long names off). */
    private static final int WIDE = 1200;

    private static void sideLegend(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE)
                .setLegendLayout(Styler.LegendLayout.Vertical);
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(5).setAntiAlias(true)
                .setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#,##0").setYAxisDecimalPattern("0.00");
    }
}
