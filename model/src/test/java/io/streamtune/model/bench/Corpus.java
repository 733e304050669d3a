package io.streamtune.model.bench;

import java.util.ArrayList;
import java.util.List;

/** Email-like English text of realistic lengths, the same on every run. */
public final class Corpus {

    private static final String[] SENTENCES = {
        "Hi team, the quarterly numbers are attached.",
        "Please review the draft before Thursday's meeting and send me your comments.",
        "Congratulations! You have been selected to receive a free gift card worth $500, click the link below to claim it now.",
        "Can we move our call to 3pm?",
        "The server maintenance window is scheduled for Saturday night between 11pm and 2am, during which the VPN will be unavailable.",
        "Thanks, that works for me.",
        "Your account has been suspended due to unusual activity; verify your identity within 24 hours to avoid permanent closure.",
        "Lunch?",
        "I've pushed the fix for the login bug to the staging branch, could someone run the integration tests before we merge it into main?",
        "Reminder: the office will be closed on Monday for the public holiday.",
        "Limited time offer: cheap meds, no prescription needed, discreet shipping worldwide.",
        "Attached is the signed contract; the originals will follow by post.",
        "We noticed you left items in your cart. Complete your purchase today and get 20% off with code SAVE20.",
        "Could you send me the slides from yesterday's presentation, including the appendix with the raw survey data?",
        "Meeting notes: budget approved, hiring freeze lifted, next review in two weeks.",
        "Dear friend, I am a prince and I need your help to transfer a large sum of money out of my country.",
    };

    private Corpus() {}

    /** n single sentences or short pairs: 3 to about 60 wordpieces, like the lines of an inbox. */
    public static List<String> sentences(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String s = SENTENCES[(i * 7) % SENTENCES.length];
            out.add(i % 3 == 0 ? s + " " + SENTENCES[(i * 5 + 3) % SENTENCES.length] : s);
        }
        return out;
    }

    /** n texts longer than 128 wordpieces, each different. */
    public static List<String> longTexts(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                sb.append(SENTENCES[(i + j * 3) % SENTENCES.length]).append(' ');
            }
            out.add(sb.toString().trim());
        }
        return out;
    }
}
