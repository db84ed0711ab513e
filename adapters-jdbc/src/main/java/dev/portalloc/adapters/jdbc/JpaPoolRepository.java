package dev.portalloc.adapters.jdbc;

import dev.portalloc.application.port.out.DuplicateKeyException;
import dev.portalloc.application.port.out.PoolRepository;
import dev.portalloc.domain.Pool;
import dev.portalloc.domain.PoolName;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import org.hibernate.Session;
import org.hibernate.Timeouts;
import org.hibernate.query.NativeQuery;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pools as rows of {@code pool}. Unlocked reads are plain tuples; only pools locked (or added) by the
 * current transaction are managed entities, so {@link #update} and {@link #remove} write exactly what
 * the lock protects, checked by the version column.
 */
final class JpaPoolRepository implements PoolRepository {
    private final JpaTransactionRunner transactions;

    JpaPoolRepository(JpaTransactionRunner transactions) {
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public Optional<Pool> findAndLock(PoolName name) {
        return lock(name, false);
    }

    /**
     * One {@code SELECT ... ORDER BY name FOR UPDATE} for the pools not locked yet, read as entities: rows
     * are locked as the sort hands them out, so in name order, like one {@link #findAndLock} after another.
     * A native query with the dialect's own locking clause; its IN list is padded to a power of two, so
     * Hibernate interprets a handful of texts once each rather than one per number of pools.
     */
    @Override
    public List<Pool> findAndLockAll(Collection<PoolName> names) {
        return lockAll(names, false);
    }

    /** {@link #findAndLockAll} with {@code SKIP LOCKED}, as {@link #findAndLockIfFree} is {@link #findAndLock} with it. */
    @Override
    public List<Pool> findAndLockAllIfFree(Collection<PoolName> names) {
        return lockAll(names, true);
    }

    private List<Pool> lockAll(Collection<PoolName> names, boolean skipIfLocked) {
        TransactionContext context = transactions.current();
        List<String> toLock = names.stream().map(PoolName::value).distinct()
                .filter(name -> !context.lockedPools().containsKey(name)).toList();
        if (toLock.size() == 1) {
            lock(PoolName.of(toLock.get(0)), skipIfLocked);
        } else if (!toLock.isEmpty()) {
            context.ensureSettings();
            EntityManager entityManager = context.entityManager();
            List<String> padded = InLists.padded(toLock);
            String sql = "SELECT * FROM pool WHERE name IN (" + InLists.placeholders(padded.size(), "?")
                    + ") ORDER BY name " + context.vendor().writeLockClause() + (skipIfLocked ? " SKIP LOCKED" : "");
            NativeQuery<PoolJpaEntity> lock = entityManager.unwrap(Session.class).createNativeQuery(sql, PoolJpaEntity.class)
                    // Nothing but pools needs writing before this read.
                    .addSynchronizedEntityClass(PoolJpaEntity.class);
            for (int i = 0; i < padded.size(); i++) {
                lock.setParameter(i + 1, padded.get(i));
            }
            List<PoolJpaEntity> entities = lock.getResultList();
            if (entityManager.getTransaction().getRollbackOnly()) {
                throw new TransactionAbortedException("the database aborted the transaction while locking pools " + toLock);
            }
            entities.forEach(entity -> context.lockedPools().put(entity.name(), entity));
        }
        return names.stream().map(PoolName::value).distinct().sorted()
                .map(context.lockedPools()::get).filter(Objects::nonNull).map(PoolMapper::toDomain).toList();
    }

    /**
     * {@code SELECT ... FOR UPDATE SKIP LOCKED}: a row another transaction holds is simply not returned,
     * so there is no wait, no lock-timeout error to retry, and (on PostgreSQL) no failed statement that
     * would poison the rest of the transaction.
     */
    @Override
    public Optional<Pool> findAndLockIfFree(PoolName name) {
        return lock(name, true);
    }

    private Optional<Pool> lock(PoolName name, boolean skipIfLocked) {
        TransactionContext context = transactions.current();
        PoolJpaEntity locked = context.lockedPools().get(name.value());
        if (locked != null) {
            return Optional.of(PoolMapper.toDomain(locked));
        }
        // Even when this lock is skipped rather than waited for, later statements of the transaction must
        // not wait unbounded.
        context.ensureSettings();
        EntityManager entityManager = context.entityManager();
        PoolJpaEntity entity = skipIfLocked
                ? entityManager.find(PoolJpaEntity.class, name.value(), LockModeType.PESSIMISTIC_WRITE,
                        Timeouts.SKIP_LOCKED)
                : entityManager.find(PoolJpaEntity.class, name.value(), LockModeType.PESSIMISTIC_WRITE);
        if (entity == null) {
            if (entityManager.getTransaction().getRollbackOnly()) {
                // Not "no such pool": the lock query failed and Hibernate swallowed the error.
                throw new TransactionAbortedException("the database aborted the transaction while locking pool '"
                        + name + "'");
            }
            return Optional.empty();
        }
        context.lockedPools().put(name.value(), entity);
        return Optional.of(PoolMapper.toDomain(entity));
    }

    @Override
    public Optional<Pool> find(PoolName name) {
        TransactionContext context = transactions.current();
        PoolJpaEntity locked = context.lockedPools().get(name.value());
        if (locked != null) {
            return Optional.of(PoolMapper.toDomain(locked));
        }
        return context.entityManager()
                .createQuery(PoolMapper.SELECT_COLUMNS + " where p.name = :name", Object[].class)
                .setParameter("name", name.value())
                .getResultStream()
                .findFirst()
                .map(PoolMapper::fromRow);
    }

    @Override
    public List<Pool> findAll() {
        return transactions.current().entityManager()
                .createQuery(PoolMapper.SELECT_COLUMNS + " order by p.name", Object[].class)
                .getResultList()
                .stream()
                .map(PoolMapper::fromRow)
                .toList();
    }

    @Override
    public void add(Pool pool) {
        TransactionContext context = transactions.current();
        String name = pool.name().value();
        String duplicate = "pool '" + name + "' exists";
        if (context.lockedPools().containsKey(name)) {
            throw new DuplicateKeyException(duplicate, null);
        }
        EntityManager entityManager = context.entityManager();
        PoolJpaEntity entity = PoolMapper.newEntity(pool);
        try {
            entityManager.persist(entity);
            // Now, not at commit: the caller learns of a lost race where it made the call.
            entityManager.flush();
        } catch (PersistenceException failure) {
            if (FailureClassifier.isDuplicateKey(failure)) {
                throw new DuplicateKeyException(duplicate, failure);
            }
            throw failure;
        }
        // The new row is this transaction's alone until it commits: as good as locked.
        context.lockedPools().put(name, entity);
    }

    @Override
    public void update(Pool pool) {
        PoolJpaEntity entity = requireLocked(pool.name(), "updated");
        PoolMapper.copy(pool, entity);
    }

    @Override
    public void remove(PoolName name) {
        PoolJpaEntity entity = requireLocked(name, "removed");
        transactions.current().entityManager().remove(entity);
        transactions.current().lockedPools().remove(name.value());
    }

    private PoolJpaEntity requireLocked(PoolName name, String verb) {
        PoolJpaEntity entity = transactions.current().lockedPools().get(name.value());
        if (entity == null) {
            throw new IllegalStateException("pool '" + name + "' must be loaded with findAndLock in this transaction"
                    + " before it is " + verb);
        }
        return entity;
    }
}
