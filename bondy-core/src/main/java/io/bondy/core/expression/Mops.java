package io.bondy.core.expression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** STUB until wt-expr is merged: only plain references {{a.b.c}}, no pipes. */
public final class Mops {

    private static final Pattern EXPR = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private Mops() {
    }

    public static void validate(Object term) {
        walk(term, s -> {
            if (s.contains("{{") && !EXPR.matcher(s).find()) {
                throw new ExpressionException("unbalanced braces");
            }
            return s;
        });
    }

    public static Object eval(Object term, Map<String, Object> context) {
        return evalIn(term, context, false);
    }

    public static Object evalStrict(Object term, Map<String, Object> context) {
        return evalIn(term, context, true);
    }

    public static boolean hasExpressions(Object term) {
        if (term instanceof String s) {
            return EXPR.matcher(s).find();
        }
        if (term instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(Mops::hasExpressions);
        }
        if (term instanceof List<?> l) {
            return l.stream().anyMatch(Mops::hasExpressions);
        }
        return false;
    }

    private interface StringFn {
        Object apply(String s);
    }

    private static Object walk(Object term, StringFn fn) {
        if (term instanceof String s) {
            return fn.apply(s);
        }
        if (term instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                try {
                    out.put((String) e.getKey(), walk(e.getValue(), fn));
                } catch (ExpressionException x) {
                    throw x.at(String.valueOf(e.getKey()));
                }
            }
            return out;
        }
        if (term instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                try {
                    out.add(walk(l.get(i), fn));
                } catch (ExpressionException x) {
                    throw x.at(String.valueOf(i));
                }
            }
            return out;
        }
        return term;
    }

    private static Object evalIn(Object term, Map<String, Object> context, boolean strict) {
        return walk(term, s -> {
            Matcher m = EXPR.matcher(s);
            if (m.matches()) {
                return resolve(s, m.group(1), context, strict);
            }
            StringBuilder sb = new StringBuilder();
            m.reset();
            boolean unresolved = false;
            while (m.find()) {
                Object v = resolve(m.group(), m.group(1), context, strict);
                m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(v)));
            }
            m.appendTail(sb);
            return sb.toString();
        });
    }

    private static Object resolve(String original, String ref, Map<String, Object> context, boolean strict) {
        String[] parts = ref.split("\\.");
        if (!context.containsKey(parts[0])) {
            if (strict) {
                throw new ExpressionException("no value for '" + parts[0] + "'");
            }
            return original;
        }
        Object v = context.get(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(parts[i])) {
                throw new ExpressionException("no value for '" + ref + "'");
            }
            v = m.get(parts[i]);
        }
        return v;
    }
}
