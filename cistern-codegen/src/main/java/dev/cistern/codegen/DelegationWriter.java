package dev.cistern.codegen;

import dev.cistern.codegen.JdbcProcessor.ClassSource;
import dev.cistern.codegen.JdbcProcessor.JdbcModel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Writes {@code XDelegation}, the abstract superclass of a wrapper annotated
 * {@code @GenerateDelegation(value = X.class, owner = ..., base = ..., work = {...}, wrap = {...},
 * extended = {...})}.
 *
 * <p>Attributes: {@code owner} is the class whose {@code checkOpen()} and {@code checkException(e)} guard
 * every call (the pooled connection; when it is the annotated class itself, the generated class declares
 * both abstract and calls them on {@code this}); {@code base} is a hand-written wrapper of a super-interface
 * to extend (its interface's methods are not generated again); {@code work} names the methods that run SQL
 * and therefore open with the owner's {@code beginWork()} instead of {@code checkOpen()}; {@code wrap} lists
 * returned JDBC types that go through the wrapper's {@code wrap(T)} hook; {@code extended} names methods the
 * wrapper overrides to add behaviour after the delegation: they are generated anyway, for it to call
 * {@code super}.
 *
 * <p>The one rule every generated method follows: guard (one volatile read), delegate (wrapping the result
 * if its type is listed), and on {@code SQLException} pass it through the owner's fatal check. Methods JDBC
 * declares without any checked exception (driver version constants) can neither refuse nor fail, so they
 * only delegate. A method that would hand out a driver object unwrapped, or that declares some other
 * checked exception, must be written by hand: the processor stops with an error rather than leak.
 */
final class DelegationWriter {
    /** JDBC objects that lead back to the physical connection: never returned unwrapped. */
    private static final Set<String> HANDLES = Set.of("java.sql.Connection", "java.sql.Statement",
            "java.sql.PreparedStatement", "java.sql.CallableStatement", "java.sql.ResultSet",
            "java.sql.DatabaseMetaData", "java.sql.ResultSetMetaData", "java.sql.ParameterMetaData");

    private final JdbcModel model;
    private final TypeWriter types;

    DelegationWriter(JdbcModel model) {
        this.model = model;
        this.types = new TypeWriter(model.packageName);
    }

    ClassSource write() {
        TypeElement iface = model.jdbcInterface;
        TypeElement owner = model.typeAttribute("owner");
        TypeElement base = model.typeAttribute("base");
        if (owner == null) {
            model.error("@GenerateDelegation needs an owner (the class with checkOpen() and checkException(e))");
            return null;
        }
        boolean self = owner.equals(model.annotated);
        String via = self ? "" : "connection.";
        Set<String> work = new HashSet<>(model.stringsAttribute("work"));
        List<TypeMirror> wrapped = model.typesAttribute("wrap");

        Set<String> handWrittenAbove = new HashSet<>();
        Set<String> extended = new HashSet<>(model.stringsAttribute("extended"));
        Set<String> skip = new HashSet<>(model.declaredKeys(model.annotated));
        skip.removeIf(key -> extended.contains(key.substring(0, key.indexOf('('))));
        for (TypeElement c = base; c != null; c = superclassOf(c)) {
            handWrittenAbove.addAll(model.declaredKeys(c));
            AnnotationMirror above = JdbcProcessor.annotationOn(c, JdbcProcessor.DELEGATION);
            if (above != null) {
                JdbcModel aboveModel = new JdbcModel(model.env, c, above);
                aboveModel.methodsOf(aboveModel.jdbcInterface).forEach(m -> skip.add(model.key(m)));
            }
        }
        skip.addAll(handWrittenAbove);

        String ifaceName = types.name(iface);
        String ownerName = types.name(owner);
        String sqlException = types.name(model.env.getElementUtils().getTypeElement("java.sql.SQLException"));
        Map<String, String> hooks = new LinkedHashMap<>(); // type name -> abstract declaration, when needed
        StringBuilder methods = new StringBuilder();
        for (ExecutableElement method : model.methodsOf(iface)) {
            if (skip.contains(model.key(method))) {
                continue;
            }
            String returned = model.env.getTypeUtils().erasure(method.getReturnType()).toString();
            TypeMirror wrapType = wrapped.stream().filter(w -> w.toString().equals(returned)).findFirst().orElse(null);
            String name = iface.getSimpleName() + "." + method.getSimpleName();
            if (wrapType == null && HANDLES.contains(returned)) {
                model.error(name + " returns a driver object: write it by hand or list " + returned + " in wrap");
                return null;
            }
            boolean declaresSql = model.declaresSqlException(method);
            if (!declaresSql && !method.getThrownTypes().isEmpty()) {
                model.error(name + " cannot throw SQLException: " + model.annotated.getSimpleName() + " must implement it");
                return null;
            }
            methods.append("\n    @Override\n    ").append(MethodText.signature(method, types)).append(" {\n");
            String call = "delegate." + MethodText.call(method);
            if (wrapType != null) {
                String typeName = types.name(wrapType);
                call = "wrap(" + call + ")";
                if (!handWrittenAbove.contains("wrap(" + returned + ",)")) {
                    hooks.put(typeName, "    /** Wraps a " + typeName + " the driver returned, so that the driver's object never reaches the user. */\n"
                            + "    abstract " + typeName + " wrap(" + typeName + " value) throws " + sqlException + ";\n");
                }
            }
            String result = MethodText.returnsVoid(method) ? "" : "return ";
            if (!declaresSql) {
                methods.append("        ").append(result).append(call).append(";\n    }\n");
                continue;
            }
            methods.append("        ").append(via).append(work.contains(method.getSimpleName().toString()) ? "beginWork()" : "checkOpen()").append(";\n");
            String iface0 = method.getParameters().isEmpty() ? "" : MethodText.parameterNames(method).get(0);
            if (method.getSimpleName().contentEquals("unwrap")) {
                methods.append("        if (").append(iface0).append(".isInstance(delegate)) {\n")
                        .append("            return ").append(iface0).append(".cast(delegate);\n        }\n")
                        .append("        if (").append(iface0).append(".isInstance(this)) {\n")
                        .append("            return ").append(iface0).append(".cast(this);\n        }\n");
            } else if (method.getSimpleName().contentEquals("isWrapperFor")) {
                methods.append("        if (").append(iface0).append(".isInstance(this) || ").append(iface0)
                        .append(".isInstance(delegate)) {\n            return true;\n        }\n");
            }
            methods.append("        try {\n            ").append(result).append(call).append(";\n")
                    .append("        } catch (").append(sqlException).append(" e) {\n")
                    .append("            throw ").append(via).append("checkException(e);\n        }\n    }\n");
        }

        String className = iface.getSimpleName() + "Delegation";
        String handWritten = model.annotated.getSimpleName().toString();
        StringBuilder out = new StringBuilder();
        out.append("/**\n * The plain delegation behind {@link ").append(handWritten).append("}: every ").append(ifaceName)
                .append(" method it does not write itself.\n")
                .append(" * Each refuses once the connection is closed (SQLState 08003, with the reason), delegates, and passes\n")
                .append(" * any SQLException through the connection's fatal-error check.\n */\n")
                .append("@SuppressWarnings(\"deprecation\")\n")
                .append(model.annotated.getModifiers().contains(Modifier.PUBLIC) ? "public " : "")
                .append("abstract class ").append(className)
                .append(base == null ? "" : " extends " + types.name(base))
                .append(" implements ").append(ifaceName).append(" {\n");
        if (!self && base == null) {
            out.append("    /** The pooled connection this object was made through: it decides whether a call may proceed. */\n")
                    .append("    final ").append(ownerName).append(" connection;\n");
        }
        out.append("    /** The driver's object. */\n    final ").append(ifaceName).append(" delegate;\n\n");
        if (self) {
            out.append("    ").append(className).append("(").append(ifaceName).append(" delegate) {\n")
                    .append("        this.delegate = delegate;\n    }\n\n")
                    .append("    /** Throws SQLState 08003 with the reason once this connection is closed, reclaimed or evicted. */\n")
                    .append("    abstract void checkOpen() throws ").append(sqlException).append(";\n\n")
                    .append("    /** Notes a fatal error (the physical connection must be discarded); returns the exception. */\n")
                    .append("    abstract ").append(sqlException).append(" checkException(").append(sqlException).append(" e);\n");
        } else {
            out.append("    ").append(className).append("(").append(ownerName).append(" connection, ").append(ifaceName)
                    .append(" delegate) {\n")
                    .append(base == null ? "        this.connection = connection;\n" : "        super(connection, delegate);\n")
                    .append("        this.delegate = delegate;\n    }\n");
        }
        hooks.values().forEach(h -> out.append('\n').append(h));
        out.append(methods).append("}\n");
        String text = model.header("GenerateDelegation") + "package " + model.packageName + ";\n\n"
                + types.importBlock() + "\n" + out;
        return new ClassSource(model.packageName + "." + className, text);
    }

    private TypeElement superclassOf(TypeElement type) {
        if (!model.isSuperclassKnown(type)) {
            return null; // extends a class still to be generated: nothing hand-written above it
        }
        TypeElement parent = (TypeElement) ((DeclaredType) type.getSuperclass()).asElement();
        return parent.getQualifiedName().contentEquals("java.lang.Object") ? null : parent;
    }
}
