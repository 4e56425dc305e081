package io.github.reliablemessaging.sharding;

/** Direction of an ORDER BY term of a scatter-gather query. */
public enum SortOrder {

	/** Ascending, NULLs first (as MySQL). */
	ASC,

	/** Descending, NULLs last (as MySQL). */
	DESC

}
