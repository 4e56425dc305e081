package io.github.reliablemessaging.testsupport;

/**
 * How a {@link RealMySql} server is started.
 *
 * @param binlog write a ROW-format, full-image binlog (needed to capture changes)
 * @param serverId server id, unique among servers that replicate from each other; 0 picks one
 */
public record MySqlOptions(boolean binlog, int serverId) {

	/** @return no binlog, automatic server id */
	public static MySqlOptions defaults() {
		return new MySqlOptions(false, 0);
	}

	/**
	 * @param enabled whether the binlog is written
	 * @return a copy with the binlog setting
	 */
	public MySqlOptions withBinlog(boolean enabled) {
		return new MySqlOptions(enabled, this.serverId);
	}

	/**
	 * @param id server id
	 * @return a copy with the server id
	 */
	public MySqlOptions withServerId(int id) {
		return new MySqlOptions(this.binlog, id);
	}

	int effectiveServerId(int port) {
		return (this.serverId > 0) ? this.serverId : port;
	}

}
