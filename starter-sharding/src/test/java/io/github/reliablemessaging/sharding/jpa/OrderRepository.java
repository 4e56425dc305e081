package io.github.reliablemessaging.sharding.jpa;

import java.util.List;

import io.github.reliablemessaging.sharding.ShardKey;

import org.springframework.data.jpa.repository.JpaRepository;

public interface OrderRepository extends JpaRepository<OrderEntity, Long> {

	List<OrderEntity> findByUserIdOrderByIdAsc(@ShardKey long userId);

}
