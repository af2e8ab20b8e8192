package dev.cistern.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement on a replica that, if the replica goes away under its first execution (a connection
 * failure: SQLState class 08, PostgreSQL's 57P01–57P03), runs once more on another server, so a replica
 * stopped under load costs no failed read. Only reads with nothing before them in their transaction are
 * wrapped (autocommit, or the transaction's first statement), so re-running cannot repeat or split work.
 * The settings and parameters given to the statement are recorded and given again to the new one.
 */
final class RetryingStatement implements InvocationHandler {
    private final Method factory;
    private final Object[] factoryArgs;
    private final RoutedConnection owner;
    private final List<Object[]> settings = new ArrayList<>();
    private final List<Method> settingMethods = new ArrayList<>();
    private Statement target;
    private boolean retried;

    private RetryingStatement(Statement target, Method factory, Object[] factoryArgs, RoutedConnection owner) {
        this.target = target;
        this.factory = factory;
        this.factoryArgs = factoryArgs;
        this.owner = owner;
    }

    static Statement wrap(Statement statement, Method factory, Object[] args, RoutedConnection owner) {
        Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return (Statement) Proxy.newProxyInstance(RetryingStatement.class.getClassLoader(), new Class<?>[] {type},
                new RetryingStatement(statement, factory, args, owner));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "equals": return self == args[0];
            case "hashCode": return System.identityHashCode(self);
            case "toString": return "RetryingStatement[" + target + "]";
            case "unwrap":
                if (((Class<?>) args[0]).isInstance(self)) {
                    return self;
                }
                break;
            default:
                break;
        }
        if (name.startsWith("set") || name.equals("clearParameters") || name.equals("addBatch")
                || name.equals("clearBatch") || name.equals("registerOutParameter")) {
            settingMethods.add(method);
            settings.add(args);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable failure = e.getCause();
            if (name.startsWith("execute") && !retried && owner.retryable() && lostConnection(failure)) {
                retried = true;
                return retryElsewhere(method, args, (SQLException) failure);
            }
            throw failure;
        }
    }

    private Object retryElsewhere(Method execute, Object[] args, SQLException failure) throws Throwable {
        Statement fresh;
        try {
            Connection elsewhere = owner.rebindAfterFailure();
            fresh = (Statement) factory.invoke(elsewhere, factoryArgs);
            for (int i = 0; i < settings.size(); i++) {
                settingMethods.get(i).invoke(fresh, settings.get(i));
            }
        } catch (InvocationTargetException e) {
            e.getCause().addSuppressed(failure);
            throw e.getCause();
        } catch (SQLException e) {
            e.addSuppressed(failure);
            throw e;
        }
        target = fresh;
        try {
            return execute.invoke(fresh, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static boolean lostConnection(Throwable failure) {
        if (!(failure instanceof SQLException e)) {
            return false;
        }
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
