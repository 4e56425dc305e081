package io.github.reliablemessaging.sharding.rebalance;

/** When a move may freeze and flip its slot, once the copy is verified and the lag is small. */
public enum Cutover {

	/** As soon as the lag is under the threshold. */
	AUTO,

	/** When the operator says so ({@code POST sharding/rebalance/{id}/cutover}); the mover keeps catching up meanwhile. */
	MANUAL,

	/** Not before a given instant. */
	SCHEDULED

}
