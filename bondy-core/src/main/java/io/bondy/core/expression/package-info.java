/**
 * Bondy's "mops" expressions: {@code "{{request.body |> get('id')}}"}, string templates and pipes of
 * operators, evaluated against a context of plain Java values ({@link io.bondy.core.expression.Mops}).
 * Used by the HTTP API gateway (API specs) and the broker bridge (actions). See docs/expressions.md.
 *
 * <p>Owns: the syntax, the operators and their limits ({@link io.bondy.core.expression.MopsLimits}).
 * Pure code: no I/O, no threads, no state; every class here is thread-safe. Uses: nothing else of
 * bondy-core.
 */
package io.bondy.core.expression;
