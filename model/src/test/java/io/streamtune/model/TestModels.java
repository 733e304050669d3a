package io.streamtune.model;

import io.streamtune.model.bench.Corpus;
import io.streamtune.model.classifier.Classifier;
import io.streamtune.model.classifier.ClassifierConfig;
import io.streamtune.model.classifier.FineTuning;
import io.streamtune.model.onnx.PretrainedEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The MiniLM encoder read once per test JVM, and small classifiers over it. */
public final class TestModels {

    private static PretrainedEncoder miniLm;

    private TestModels() {}

    public static synchronized PretrainedEncoder miniLm() {
        if (miniLm == null) {
            try {
                miniLm = PretrainedEncoder.miniLm();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return miniLm;
    }

    /** A CPU classifier, dropout off unless a test sets it. */
    public static Classifier classifier(FineTuning fineTuning, List<String> labels) throws IOException {
        return Classifier.create(miniLm(), labels, config(fineTuning));
    }

    public static ClassifierConfig config(FineTuning fineTuning) {
        return ClassifierConfig.defaults()
                .withFineTuning(fineTuning)
                .withDropout(0f)
                .withDevice(DeviceChoice.CPU);
    }

    public static final List<String> SENTENCES = List.of(
            "The quarterly report is attached, please review it before Friday.",
            "WIN A FREE CRUISE!!! Click now to claim your prize",
            "Können Sie mir bitte die Rechnung für März schicken?",
            "会議は明日の午前十時に始まります。",
            "Le café est fermé le dimanche, désolé.",
            "Hi",
            "Meeting moved to 3pm; bring the slides 📊 and coffee ☕.",
            "Ünïcödé àccents, naïve façade, smörgåsbord and Øresund.");

    /** About 300 wordpieces: longer than a 128-token window. */
    public static String longText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("Paragraph ").append(i)
                    .append(": the shipment of invoices was delayed because the warehouse flooded. ");
        }
        return sb.toString();
    }

    /**
     * {@code n} varied texts, the same on every run: one to three sentences of {@link #SENTENCES} and the benchmark's
     * corpus with a number; every tenth is long, 12 to 60 sentences (2 to 8 windows of 128 tokens).
     */
    public static List<String> texts(int n) {
        List<String> pool = new ArrayList<>(SENTENCES);
        pool.addAll(Corpus.sentences(16));
        Random random = new Random(42);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int parts = i % 10 == 9 ? 12 + random.nextInt(49) : 1 + random.nextInt(3);
            StringBuilder sb = new StringBuilder();
            for (int p = 0; p < parts; p++) {
                sb.append(pool.get(random.nextInt(pool.size()))).append(p == 0 ? " #" + i + " " : " ");
            }
            out.add(sb.toString().trim());
        }
        return out;
    }
}
