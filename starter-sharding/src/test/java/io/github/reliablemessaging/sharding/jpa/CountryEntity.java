package io.github.reliablemessaging.sharding.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "country")
public class CountryEntity {

	@Id
	private String code;

	private String name;

	protected CountryEntity() {
	}

	public String getCode() {
		return this.code;
	}

	public String getName() {
		return this.name;
	}

}
