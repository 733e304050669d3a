package io.streamtune.deploy.k8s;

import java.util.List;
import java.util.Map;

/** Reading the raw tree of a custom resource (or a kind outside the fabric8 model) and label selectors on it. */
final class Raw {

    private Raw() {
    }

    static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    /** {@code spec.a.b...} of a manifest. */
    static Object at(Manifest m, String... path) {
        Object node = m.raw();
        for (String p : path) {
            node = map(node).get(p);
        }
        return node;
    }

    static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** Whether a Kubernetes label selector (matchLabels, matchExpressions) selects these labels; {} selects all. */
    static boolean selects(Object selector, Map<String, String> labels) {
        Map<?, ?> s = map(selector);
        for (Map.Entry<?, ?> e : map(s.get("matchLabels")).entrySet()) {
            if (!String.valueOf(e.getValue()).equals(labels.get(String.valueOf(e.getKey())))) {
                return false;
            }
        }
        for (Object x : list(s.get("matchExpressions"))) {
            Map<?, ?> expr = map(x);
            String value = labels.get(String.valueOf(expr.get("key")));
            List<String> values = list(expr.get("values")).stream().map(String::valueOf).toList();
            boolean ok = switch (String.valueOf(expr.get("operator"))) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean empty(Object selector) {
        Map<?, ?> s = map(selector);
        return map(s.get("matchLabels")).isEmpty() && list(s.get("matchExpressions")).isEmpty();
    }
}
