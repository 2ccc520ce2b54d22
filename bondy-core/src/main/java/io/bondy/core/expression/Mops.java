package io.bondy.core.expression;

import io.bondy.core.expression.Template.Expr;
import io.bondy.core.expression.Template.ListOf;
import io.bondy.core.expression.Template.Literal;
import io.bondy.core.expression.Template.Op;
import io.bondy.core.expression.Template.Operand;
import io.bondy.core.expression.Template.Placeholder;
import io.bondy.core.expression.Template.Ref;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bondy's mops expressions: {@code "{{a.b.c}}"}, {@code "{{x |> integer}}"}, {@code "Hello {{name}}!"},
 * at any depth of maps and lists. Pure and thread-safe (no state). The syntax, operators, stages and
 * limits are described in docs/expressions.md; the limits are in {@link MopsLimits}.
 *
 * <p>Values in the context and in results are plain Java: {@code Map<String, Object>},
 * {@code List<Object>}, String, Long/Integer/Double, Boolean, byte[] for binaries, and null. Values read
 * from the context are never evaluated themselves, so text a client sent cannot inject an expression.
 */
public final class Mops {

    private static final int CACHE_MAX_ENTRIES = 1024;
    private static final int CACHE_MAX_LENGTH = 1024;
    private static final ConcurrentHashMap<String, Template> PARSED = new ConcurrentHashMap<>();

    private Mops() {
    }

    /**
     * Checks every expression inside {@code term} (strings at any depth of maps and lists): syntax,
     * operator names and arities, limits. Throws an {@link ExpressionException} whose
     * {@link ExpressionException#path() path} is the location of the first bad one.
     */
    public static void validate(Object term) {
        walk(term, null, false, 0);
    }

    /**
     * Evaluates {@code term} in {@code context}. A string that is exactly one "{{...}}" yields the typed
     * value; a template with text around its expressions yields a string; maps and lists are evaluated
     * recursively (their keys are not); other values are returned as they are. A string whose
     * expressions refer to a root key absent from the context is returned unevaluated, for a later
     * stage. A missing key under a present root, a bad operator argument or a type error throws.
     */
    public static Object eval(Object term, Map<String, Object> context) {
        return walk(term, requireContext(context), false, 0);
    }

    /** As {@link #eval}, but an unresolved reference is an error too (for the last stage). */
    public static Object evalStrict(Object term, Map<String, Object> context) {
        return walk(term, requireContext(context), true, 0);
    }

    /**
     * {@code term} made ready for many evaluations (a bridge rule's, for every event): a string that holds
     * expressions is parsed here, once, instead of being looked up in the cache at each evaluation. Checks it
     * as {@link #validate} does.
     */
    public static Compiled compile(Object term) {
        validate(term);
        return new Compiled(term, term instanceof String s && Parser.hasOpening(s) ? Parser.parse(s) : null);
    }

    /** A term made ready by {@link #compile}. Immutable: any thread. */
    public static final class Compiled {

        private final Object term;
        private final Template template; // null: no expression in a string, or a map or list

        private Compiled(Object term, Template template) {
            this.term = term;
            this.template = template;
        }

        /** What {@link Mops#evalStrict(Object, Map)} gives for the term. */
        public Object evalStrict(Map<String, Object> context) {
            requireContext(context);
            if (template != null) {
                return evalTemplate(template, context, true);
            }
            return term instanceof String ? term : walk(term, context, true, 0);
        }
    }

    /** Whether {@code term} contains any "{{" opening at any depth (iterative: any depth is fine). */
    public static boolean hasExpressions(Object term) {
        if (term instanceof String s) {
            return Parser.hasOpening(s); // the common case, without the work list
        }
        if (term == null) {
            return false;
        }
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(term == null ? "" : term);
        while (!todo.isEmpty()) {
            Object t = todo.pop();
            if (t instanceof String s) {
                if (Parser.hasOpening(s)) {
                    return true;
                }
            } else if (t instanceof Map<?, ?> m) {
                for (Object v : m.values()) {
                    if (v != null) {
                        todo.push(v);
                    }
                }
            } else if (t instanceof List<?> l) {
                for (Object v : l) {
                    if (v != null) {
                        todo.push(v);
                    }
                }
            }
        }
        return false;
    }

    private static Map<String, Object> requireContext(Map<String, Object> context) {
        if (context == null) {
            throw new IllegalArgumentException("context is null");
        }
        return context;
    }

    /** Validates when {@code context} is null, else evaluates. Recursion is bounded by MAX_DEPTH. */
    private static Object walk(Object term, Map<String, Object> context, boolean strict, int depth) {
        if (term instanceof String s) {
            if (!Parser.hasOpening(s)) {
                return s;
            }
            Template t = parse(s);
            return context == null ? s : evalTemplate(t, context, strict);
        }
        if (term instanceof Map<?, ?> m) {
            checkDepth(depth);
            Map<Object, Object> out = context == null ? null : new LinkedHashMap<>(m.size() * 2);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object v;
                try {
                    v = walk(e.getValue(), context, strict, depth + 1);
                } catch (ExpressionException ex) {
                    throw ex.at(String.valueOf(e.getKey()));
                }
                if (out != null) {
                    out.put(e.getKey(), v);
                }
            }
            return out == null ? term : out;
        }
        if (term instanceof List<?> l) {
            checkDepth(depth);
            List<Object> out = context == null ? null : new ArrayList<>(l.size());
            int i = 0;
            for (Object item : l) {
                Object v;
                try {
                    v = walk(item, context, strict, depth + 1);
                } catch (ExpressionException ex) {
                    throw ex.at(Integer.toString(i));
                }
                if (out != null) {
                    out.add(v);
                }
                i++;
            }
            return out == null ? term : out;
        }
        return term;
    }

    /**
     * The parsed template of {@code s}, from a small cache: specs evaluate the same few strings for every
     * event. Bounded: strings up to {@link #CACHE_MAX_LENGTH} characters, at most {@link #CACHE_MAX_ENTRIES}
     * of them (the cache is emptied when full); a string that does not parse is never cached (it throws).
     * Templates are immutable, so they are shared between threads.
     */
    private static Template parse(String s) {
        if (s.length() > CACHE_MAX_LENGTH) {
            return Parser.parse(s);
        }
        Template t = PARSED.get(s);
        if (t == null) {
            t = Parser.parse(s);
            if (PARSED.size() >= CACHE_MAX_ENTRIES) {
                PARSED.clear();
            }
            PARSED.put(s, t);
        }
        return t;
    }

    private static void checkDepth(int depth) {
        if (depth >= MopsLimits.MAX_DEPTH) {
            throw new ExpressionException("maps and lists are nested deeper than " + MopsLimits.MAX_DEPTH);
        }
    }

    private static Object evalTemplate(Template t, Map<String, Object> context, boolean strict) {
        Ref unresolved = firstUnresolved(t, context);
        if (unresolved != null) {
            if (strict) {
                throw new ExpressionException("unresolved reference '" + unresolved.dotted() + "' (no '"
                        + unresolved.root() + "' in the context) in \"" + Parser.abbreviate(t.source()) + "\"");
            }
            return t.source(); // left whole for a later stage
        }
        if (t.typed()) {
            return evalExpr((Expr) t.parts().get(0), context);
        }
        StringBuilder sb = new StringBuilder();
        for (Object part : t.parts()) {
            sb.append(part instanceof Expr e ? Values.render(evalExpr(e, context)) : (String) part);
        }
        return sb.toString();
    }

    private static Ref firstUnresolved(Template t, Map<String, Object> context) {
        for (Object part : t.parts()) {
            if (part instanceof Expr e) {
                Ref r = unresolved(e.head(), context);
                for (int i = 0; r == null && i < e.ops().size(); i++) {
                    for (Operand a : e.ops().get(i).args()) {
                        r = r != null ? r : unresolved(a, context);
                    }
                }
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static Ref unresolved(Operand o, Map<String, Object> context) {
        if (o instanceof Ref r) {
            return context.containsKey(r.root()) ? null : r;
        }
        if (o instanceof ListOf l) {
            for (Operand item : l.items()) {
                Ref r = unresolved(item, context); // items are never lists: one level
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static Object evalExpr(Expr e, Map<String, Object> context) {
        try {
            Object value = operand(e.head(), context);
            for (Op op : e.ops()) {
                List<Object> args = new ArrayList<>(op.args().size());
                for (Operand a : op.args()) {
                    args.add(operand(a, context));
                }
                value = Operators.apply(op.name(), value, args);
            }
            return value;
        } catch (ExpressionException ex) {
            throw new ExpressionException(ex.reason() + " in \"" + Parser.abbreviate(e.source()) + "\"", ex);
        }
    }

    private static Object operand(Operand o, Map<String, Object> context) {
        if (o instanceof Literal l) {
            return l.value();
        }
        if (o instanceof Ref r) {
            return resolve(r, context);
        }
        if (o instanceof ListOf l) {
            List<Object> out = new ArrayList<>(l.items().size());
            for (Operand item : l.items()) {
                out.add(operand(item, context));
            }
            return out;
        }
        if (o instanceof Placeholder) {
            return Operators.PIPED;
        }
        throw new IllegalStateException("unknown operand " + o);
    }

    private static Object resolve(Ref r, Map<String, Object> context) {
        List<String> keys = r.keys();
        Object v = context.get(keys.get(0));
        for (int i = 1; i < keys.size(); i++) {
            String k = keys.get(i);
            if (!(v instanceof Map<?, ?> m)) {
                throw new ExpressionException("'" + String.join(".", keys.subList(0, i)) + "' is "
                        + Values.describe(v) + ", not a map, so it has no key '" + k + "'"
                        + (v instanceof List<?> ? " (use |> nth(n) for list elements)" : ""));
            }
            if (!m.containsKey(k)) {
                throw new ExpressionException("no key '" + k + "' in '" + String.join(".", keys.subList(0, i)) + "'");
            }
            v = m.get(k);
        }
        return v;
    }
}
