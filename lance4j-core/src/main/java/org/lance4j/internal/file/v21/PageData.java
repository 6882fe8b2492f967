package org.lance4j.internal.file.v21;

/**
 * One decoded page of a leaf column: {@code numItems} rep/def levels (null arrays when the page
 * has none) and the values of the visible items, in order ({@code values} is null when no item
 * has a value, e.g. an all-null page).
 */
record PageData(int numItems, int[] rep, int[] def, Block values) {}
