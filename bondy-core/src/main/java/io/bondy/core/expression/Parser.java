package io.bondy.core.expression;

import io.bondy.core.expression.Template.Expr;
import io.bondy.core.expression.Template.ListOf;
import io.bondy.core.expression.Template.Literal;
import io.bondy.core.expression.Template.Op;
import io.bondy.core.expression.Template.Operand;
import io.bondy.core.expression.Template.Placeholder;
import io.bondy.core.expression.Template.Ref;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one string into a {@link Template}. A single left-to-right pass with loops only (no recursion,
 * no regular expressions), after the length check, so a string's cost is linear and its stack use is
 * constant whatever it contains.
 */
final class Parser {

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final String PIPE = "|>";

    private final String s;
    private int pos;
    private int end;

    private Parser(String s) {
        this.s = s;
    }

    /** Whether {@code value} contains an expression opening. */
    static boolean hasOpening(String value) {
        return value.contains(OPEN);
    }

    /** Parses {@code value}, which contains "{{" (see {@link #hasOpening}). */
    static Template parse(String value) {
        if (value.length() > MopsLimits.MAX_EXPRESSION_LENGTH) {
            throw new ExpressionException("expression is " + value.length()
                    + " characters long, the limit is " + MopsLimits.MAX_EXPRESSION_LENGTH);
        }
        String stripped = value.strip();
        // mops: a double-quoted string is a template whose result is always a string
        boolean quoted = stripped.length() >= 2 && stripped.charAt(0) == '"'
                && stripped.charAt(stripped.length() - 1) == '"';
        String body = quoted ? stripped.substring(1, stripped.length() - 1) : value;
        List<Object> parts = new Parser(body).template();
        List<Object> exprs = parts.stream().filter(p -> p instanceof Expr).toList();
        // blank text around a lone expression does not make it a template (mops trims)
        boolean typed = !quoted && exprs.size() == 1
                && parts.stream().allMatch(p -> p instanceof Expr || ((String) p).isBlank());
        return new Template(value, typed ? exprs : List.copyOf(parts), typed);
    }

    private List<Object> template() {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = s.indexOf(OPEN, i);
            if (open < 0) {
                addText(parts, s.substring(i));
                return parts;
            }
            addText(parts, s.substring(i, open));
            int close = closing(open + 2);
            pos = open + 2;
            end = close;
            parts.add(expr(s.substring(open, close + 2)));
            i = close + 2;
        }
    }

    private static void addText(List<Object> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(text);
        }
    }

    /** The index of the "}}" closing the expression whose content starts at {@code from}, quotes skipped. */
    private int closing(int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                return i;
            }
        }
        throw error(from - 2, quote != 0 ? "unterminated quoted string in expression" : "'{{' is never closed by '}}'");
    }

    private Expr expr(String source) {
        skipBlanks();
        if (pos >= end) {
            throw error(pos, "empty expression");
        }
        Operand head = operand(false);
        List<Op> ops = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos >= end) {
                break;
            }
            if (!s.startsWith(PIPE, pos)) {
                throw error(pos, "expected '|>' or '}}' but found '" + s.charAt(pos) + "'");
            }
            pos += 2;
            if (ops.size() == MopsLimits.MAX_PIPE_LENGTH) {
                throw error(pos, "more than " + MopsLimits.MAX_PIPE_LENGTH + " operators in one pipe");
            }
            ops.add(op());
        }
        return new Expr(source, head, List.copyOf(ops));
    }

    private Op op() {
        skipBlanks();
        int start = pos;
        while (pos < end && isNameChar(s.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error(pos, "expected an operator name after '|>'");
        }
        String name = s.substring(start, pos);
        skipBlanks();
        List<Operand> args = new ArrayList<>();
        if (pos < end && s.charAt(pos) == '(') {
            pos++;
            skipBlanks();
            if (pos < end && s.charAt(pos) == ')') {
                pos++;
            } else {
                while (true) {
                    skipBlanks();
                    args.add(operand(true));
                    skipBlanks();
                    if (pos < end && s.charAt(pos) == ',') {
                        pos++;
                    } else if (pos < end && s.charAt(pos) == ')') {
                        pos++;
                        break;
                    } else {
                        throw error(pos, "expected ',' or ')' in the arguments of '" + name + "'");
                    }
                }
            }
        }
        try {
            Operators.checkArity(name, args);
        } catch (ExpressionException e) {
            throw error(start, e.reason());
        }
        return new Op(name, List.copyOf(args));
    }

    /** A literal, reference or '_'; a list too when {@code inArgs} (lists do not nest). */
    private Operand operand(boolean inArgs) {
        if (pos >= end) {
            throw error(pos, "expected a value");
        }
        char c = s.charAt(pos);
        if (c == '[' && inArgs) {
            pos++;
            List<Operand> items = new ArrayList<>();
            skipBlanks();
            if (pos < end && s.charAt(pos) == ']') {
                pos++;
                return new ListOf(List.of());
            }
            while (true) {
                skipBlanks();
                items.add(operand(false)); // one level: neither '[' nor '_' is accepted here
                skipBlanks();
                if (pos < end && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos < end && s.charAt(pos) == ']') {
                    pos++;
                    return new ListOf(List.copyOf(items));
                } else {
                    throw error(pos, "expected ',' or ']' in a list");
                }
            }
        }
        if (c == '"' || c == '\'') {
            return new Literal(quoted(c));
        }
        if (isDigit(c) || (c == '-' && pos + 1 < end && isDigit(s.charAt(pos + 1)))) {
            return new Literal(number());
        }
        int start = pos;
        while (pos < end && isKeyChar(s.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error(pos, "unexpected character '" + c + "'");
        }
        String word = s.substring(start, pos);
        switch (word) {
            case "true":
                return new Literal(Boolean.TRUE);
            case "false":
                return new Literal(Boolean.FALSE);
            case "null":
                return new Literal(null);
            case "_":
                if (!inArgs) {
                    throw error(start, "'_' is only allowed as an operator argument");
                }
                return new Placeholder();
            default:
                return new Ref(keys(word, start));
        }
    }

    private List<String> keys(String word, int start) {
        List<String> keys = new ArrayList<>();
        int from = 0;
        while (true) {
            int dot = word.indexOf('.', from);
            String key = dot < 0 ? word.substring(from) : word.substring(from, dot);
            if (key.isEmpty()) {
                throw error(start + from, "empty key in reference '" + word + "'");
            }
            keys.add(key);
            if (dot < 0) {
                return List.copyOf(keys);
            }
            from = dot + 1;
        }
    }

    private String quoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < end) {
            char c = s.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < end) {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error(start, "unterminated quoted string");
    }

    private Object number() {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        boolean decimal = false;
        while (pos < end && isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos < end && s.charAt(pos) == '.') {
            decimal = true;
            pos++;
            int digits = pos;
            while (pos < end && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (digits == pos) {
                throw error(pos, "expected digits after '.' in a number");
            }
        }
        if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            decimal = true;
            pos++;
            if (pos < end && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < end && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (digits == pos) {
                throw error(pos, "expected digits in the exponent of a number");
            }
        }
        if (pos < end && isKeyChar(s.charAt(pos))) {
            throw error(pos, "unexpected character '" + s.charAt(pos) + "' after a number");
        }
        String text = s.substring(start, pos);
        try {
            if (decimal) {
                double d = Double.parseDouble(text);
                if (!Double.isFinite(d)) {
                    throw error(start, "number out of range: " + text);
                }
                return d;
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(start, "number out of range: " + text);
        }
    }

    private void skipBlanks() {
        while (pos < end && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == ':';
    }

    /** Characters of a reference: anything but blanks and the syntax's own punctuation. */
    private static boolean isKeyChar(char c) {
        return !Character.isWhitespace(c) && "|(),[]\"'{}".indexOf(c) < 0;
    }

    private ExpressionException error(int at, String why) {
        return new ExpressionException(why + " (at character " + at + " of \"" + abbreviate(s) + "\")");
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
