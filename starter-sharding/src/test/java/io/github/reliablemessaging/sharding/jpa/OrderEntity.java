package io.github.reliablemessaging.sharding.jpa;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "orders")
public class OrderEntity {

	@Id
	private Long id;

	@Column(nullable = false)
	private int slot;

	@Column(name = "user_id", nullable = false)
	private long userId;

	@Column(nullable = false)
	private String status;

	@Column(nullable = false)
	private String currency;

	@Column(nullable = false)
	private BigDecimal amount;

	@Column(name = "created_at", nullable = false)
	private LocalDateTime createdAt;

	protected OrderEntity() {
	}

	OrderEntity(long id, int slot, long userId, BigDecimal amount) {
		this.id = id;
		this.slot = slot;
		this.userId = userId;
		this.status = "NEW";
		this.currency = "EUR";
		this.amount = amount;
		this.createdAt = LocalDateTime.of(2025, 6, 1, 12, 0);
	}

	public Long getId() {
		return this.id;
	}

	public int getSlot() {
		return this.slot;
	}

	public long getUserId() {
		return this.userId;
	}

	public String getStatus() {
		return this.status;
	}

	public void setStatus(String status) {
		this.status = status;
	}

	public BigDecimal getAmount() {
		return this.amount;
	}

}
