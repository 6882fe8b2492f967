/**
 * The SQL-like expression language of lance4j, used by scan filters
 * ({@code ScanOptions.filter}), {@code delete(predicate)} and computed columns
 * ({@code mergeColumns(Map<String, String>)}). Entry point: {@link org.lance4j.internal.expr.Expression}.
 *
 * <pre>
 * expr      := or
 * or        := and ( OR and )*
 * and       := not ( AND not )*
 * not       := NOT not | predicate
 * predicate := concat ( cmp concat | IS [NOT] NULL | [NOT] IN ( expr, ... )
 *                     | [NOT] BETWEEN concat AND concat
 *                     | [NOT] LIKE|ILIKE 'pattern' [ESCAPE 'c'] )*
 * cmp       := = | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * concat    := additive ( || additive )*
 * additive  := mult ( (+|-) mult )*
 * mult      := unary ( (*|/|%) unary )*
 * unary     := - unary | + unary | primary
 * primary   := literal | column | ( expr ) | CAST ( expr AS type ) | name ( expr, ... )
 * literal   := 123 | 1.5 | .5 | 1e3 | 'text' ('' inside for a quote) | TRUE | FALSE | NULL
 *            | DATE 'yyyy-mm-dd' | TIMESTAMP 'yyyy-mm-dd[ hh:mm:ss[.fffffffff]]'
 * column    := part ( . part )*      part := name | "quoted name" | `quoted name`
 * </pre>
 *
 * <p>Keywords and function names are case-insensitive; column names match exactly, or
 * case-insensitively when that is unambiguous.
 */
package org.lance4j.internal.expr;
