package io.streamtune.deploy.config;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Reads a service's Java sources with the JDK's own parser (no compilation, no classpath) and collects the
 * configuration keys they read: every {@code @ConfigMapping} interface expanded to its keys (nested groups, maps,
 * lists, {@code @WithName}, {@code @WithParentName}, the naming strategy), {@code @ConfigProperty(name = ...)},
 * {@code Config.getValue("...")}-style look-ups, and {@code System.getenv("...")} names.
 */
public final class SourceScanner {

    private static final Set<String> OPTIONALS = Set.of("Optional", "OptionalInt", "OptionalLong", "OptionalDouble");
    private static final Set<String> MAPS = Set.of("Map", "SortedMap", "NavigableMap");
    private static final Set<String> COLLECTIONS = Set.of("List", "Set", "Collection", "SortedSet", "NavigableSet");
    private static final Set<String> LOOKUPS = Set.of("getValue", "getOptionalValue", "getValues", "getOptionalValues",
            "getConfigValue");

    /**
     * What the sources read.
     *
     * @param keys every key, {@code *} for map keys and {@code [*]} for list indexes
     * @param mappingPrefixes the prefixes of the {@code @ConfigMapping} interfaces, which own every key below them
     * @param envNames names read with {@code System.getenv}
     * @param defaults the literal {@code @WithDefault} of mapping keys that have one
     * @param required mapping keys without a default that are not optional: startup fails without a value
     */
    public record Result(Set<String> keys, Set<String> mappingPrefixes, Set<String> envNames,
            Map<String, String> defaults, Set<String> required) {
    }

    private final Map<String, ClassTree> interfaces = new HashMap<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private final Set<String> envNames = new LinkedHashSet<>();
    private final Set<String> prefixes = new LinkedHashSet<>();
    private final Map<String, String> defaults = new HashMap<>();
    private final Set<String> required = new LinkedHashSet<>();

    private SourceScanner() {
    }

    public static Result scan(Path javaRoot) {
        return scan(javaFiles(javaRoot));
    }

    /** The sources of a service and of the shared modules it takes beans from, read as one. */
    public static Result scan(List<Path> files) {
        SourceScanner s = new SourceScanner();
        if (!files.isEmpty()) {
            s.read(files);
        }
        return new Result(Set.copyOf(s.keys), Set.copyOf(s.prefixes), Set.copyOf(s.envNames), Map.copyOf(s.defaults),
                Set.copyOf(s.required));
    }

    private void read(List<Path> files) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("Reading the services' @ConfigMapping sources needs a JDK (javac), not a "
                    + "JRE.");
        }
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostic -> { }, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            List<CompilationUnitTree> units = new ArrayList<>();
            task.parse().forEach(units::add);
            for (CompilationUnitTree unit : units) {
                for (Tree t : unit.getTypeDecls()) {
                    if (t instanceof ClassTree c) {
                        index(c.getSimpleName().toString(), c);
                    }
                }
            }
            for (CompilationUnitTree unit : units) {
                new Lookups().scan(unit, null);
            }
            for (Map.Entry<String, ClassTree> e : interfaces.entrySet()) {
                AnnotationTree mapping = annotation(e.getValue().getModifiers(), "ConfigMapping");
                if (mapping != null) {
                    String prefix = stringArgument(mapping, "prefix");
                    Naming naming = Naming.of(memberName(argument(mapping, "namingStrategy")));
                    prefixes.add(prefix == null ? "" : prefix);
                    group(prefix == null ? "" : prefix, e.getKey(), naming, new HashSet<>(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void index(String path, ClassTree c) {
        interfaces.put(path, c);
        for (Tree member : c.getMembers()) {
            if (member instanceof ClassTree nested) {
                index(path + "." + nested.getSimpleName(), nested);
            }
        }
    }

    /** Adds the keys of the group interface at {@code path} under {@code prefix}; optional: the group may be absent. */
    private void group(String prefix, String path, Naming naming, Set<String> visiting, boolean optional) {
        ClassTree c = interfaces.get(path);
        if (c == null || !visiting.add(path)) {
            return;
        }
        for (Tree parent : c.getImplementsClause()) {
            String parentPath = resolve(simpleName(parent), path);
            if (parentPath != null) {
                group(prefix, parentPath, naming, visiting, optional);
            }
        }
        for (Tree member : c.getMembers()) {
            if (!(member instanceof MethodTree m) || m.getBody() != null || !m.getParameters().isEmpty()
                    || m.getModifiers().getFlags().contains(Modifier.STATIC)
                    || m.getModifiers().getFlags().contains(Modifier.DEFAULT)) {
                continue;
            }
            String name = stringOf(annotation(m.getModifiers(), "WithName"));
            String key;
            if (annotation(m.getModifiers(), "WithParentName") != null) {
                key = prefix;
            } else {
                String segment = name != null ? name : naming.apply(m.getName().toString());
                key = prefix.isEmpty() ? segment : prefix + "." + segment;
            }
            String def = stringOf(annotation(m.getModifiers(), "WithDefault"));
            if (def != null) {
                defaults.put(key, def);
            }
            boolean hasDefault = annotation(m.getModifiers(), "WithDefault") != null;
            type(key, m.getReturnType(), path, naming, visiting, optional || hasDefault);
        }
        visiting.remove(path);
    }

    private void type(String key, Tree type, String scope, Naming naming, Set<String> visiting, boolean optional) {
        if (type instanceof ParameterizedTypeTree p) {
            String base = simpleName(p.getType());
            List<? extends Tree> args = p.getTypeArguments();
            if (OPTIONALS.contains(base) && args.size() == 1) {
                type(key, args.get(0), scope, naming, visiting, true);
            } else if (MAPS.contains(base) && args.size() == 2) {
                type(key + ".*", args.get(1), scope, naming, visiting, true);
            } else if (COLLECTIONS.contains(base) && args.size() == 1
                    && resolve(simpleName(args.get(0)), scope) != null) {
                group(key + "[*]", resolve(simpleName(args.get(0)), scope), naming, visiting, true);
            } else {
                leaf(key, optional);
            }
            return;
        }
        String groupPath = resolve(simpleName(type), scope);
        if (groupPath != null) {
            group(key, groupPath, naming, visiting, optional);
        } else {
            leaf(key, optional || OPTIONALS.contains(String.valueOf(simpleName(type))));
        }
    }

    private void leaf(String key, boolean optional) {
        keys.add(key);
        if (!optional) {
            required.add(key);
        }
    }

    /** The indexed path of an interface named {@code name} seen from {@code scope}, innermost first. */
    private String resolve(String name, String scope) {
        if (name == null) {
            return null;
        }
        String s = scope;
        while (true) {
            String candidate = s.isEmpty() ? name : s + "." + name;
            ClassTree c = interfaces.get(candidate);
            if (c != null && c.getKind() == Tree.Kind.INTERFACE) {
                return candidate;
            }
            if (s.isEmpty()) {
                return null;
            }
            int dot = s.lastIndexOf('.');
            s = dot < 0 ? "" : s.substring(0, dot);
        }
    }

    private static String simpleName(Tree t) {
        if (t instanceof IdentifierTree id) {
            return id.getName().toString();
        }
        if (t instanceof MemberSelectTree ms) {
            return ms.getIdentifier().toString();
        }
        if (t instanceof ParameterizedTypeTree p) {
            return simpleName(p.getType());
        }
        return null;
    }

    private static AnnotationTree annotation(ModifiersTree modifiers, String simpleName) {
        for (AnnotationTree a : modifiers.getAnnotations()) {
            if (simpleName.equals(simpleName(a.getAnnotationType()))) {
                return a;
            }
        }
        return null;
    }

    private static ExpressionTree argument(AnnotationTree a, String name) {
        for (ExpressionTree arg : a.getArguments()) {
            if (arg instanceof AssignmentTree as && as.getVariable() instanceof IdentifierTree id
                    && id.getName().contentEquals(name)) {
                return as.getExpression();
            }
            if (!(arg instanceof AssignmentTree) && name.equals("value")) {
                return arg;
            }
        }
        return null;
    }

    private static String stringArgument(AnnotationTree a, String name) {
        return literal(argument(a, name));
    }

    private static String stringOf(AnnotationTree a) {
        return a == null ? null : stringArgument(a, "value");
    }

    private static String literal(ExpressionTree e) {
        return e instanceof LiteralTree l && l.getValue() instanceof String s ? s : null;
    }

    private static String memberName(ExpressionTree e) {
        return e == null ? null : simpleName(e);
    }

    static List<Path> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
    }

    /** {@code @ConfigProperty(name = "...")}, {@code config.getValue("...", ...)}, {@code System.getenv("...")}. */
    private final class Lookups extends TreeScanner<Void, Void> {

        @Override
        public Void visitAnnotation(AnnotationTree a, Void unused) {
            if ("ConfigProperty".equals(simpleName(a.getAnnotationType()))) {
                String name = stringArgument(a, "name");
                if (name != null) {
                    keys.add(name);
                }
            }
            return super.visitAnnotation(a, unused);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
            if (call.getMethodSelect() instanceof MemberSelectTree ms && !call.getArguments().isEmpty()) {
                String method = ms.getIdentifier().toString();
                String first = literal(call.getArguments().get(0));
                if (first != null && LOOKUPS.contains(method)) {
                    keys.add(first);
                } else if (first != null && method.equals("getenv")
                        && "System".equals(simpleName(ms.getExpression()))) {
                    envNames.add(first);
                }
            }
            return super.visitMethodInvocation(call, unused);
        }
    }

    /** SmallRye's naming strategies for method names without {@code @WithName}. */
    private enum Naming {
        KEBAB_CASE('-'), SNAKE_CASE('_'), VERBATIM((char) 0);

        private final char separator;

        Naming(char separator) {
            this.separator = separator;
        }

        static Naming of(String name) {
            return name == null ? KEBAB_CASE : valueOf(name);
        }

        String apply(String method) {
            if (this == VERBATIM) {
                return method;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < method.length(); i++) {
                char c = method.charAt(i);
                if (Character.isUpperCase(c)) {
                    boolean afterLower = i > 0 && !Character.isUpperCase(method.charAt(i - 1));
                    boolean acronymEnd = i > 0 && Character.isUpperCase(method.charAt(i - 1))
                            && i + 1 < method.length() && Character.isLowerCase(method.charAt(i + 1));
                    if (afterLower || acronymEnd) {
                        b.append(separator);
                    }
                    b.append(Character.toLowerCase(c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }
}
