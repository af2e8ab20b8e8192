package dev.cistern.codegen;

import dev.cistern.codegen.JdbcProcessor.ClassSource;
import dev.cistern.codegen.JdbcProcessor.JdbcModel;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code UnsupportedX} for a stub annotated {@code @GenerateUnsupported(X.class)}: an abstract base
 * in which every abstract method of {@code X} that the stub does not write throws
 * {@code SQLFeatureNotSupportedException("stub driver: <method> is not supported")}. Interface default
 * methods keep their JDK behaviour. The wrapper methods are the one exception: a stub unwraps to itself
 * ({@code isWrapperFor} answers {@code isInstance(this)}, {@code unwrap} casts or throws). A method that cannot throw {@code SQLException} has no honest
 * "unsupported" answer, so the stub must write it; the processor says so instead of guessing.
 */
final class UnsupportedWriter {
    private final JdbcModel model;

    UnsupportedWriter(JdbcModel model) {
        this.model = model;
    }

    ClassSource write() {
        String iface = model.jdbcInterface.getSimpleName().toString();
        String className = "Unsupported" + iface;
        TypeWriter types = new TypeWriter(model.packageName);
        String ifaceName = types.name(model.jdbcInterface);
        String failure = types.name(model.env.getElementUtils().getTypeElement("java.sql.SQLFeatureNotSupportedException"));
        Set<String> handWritten = model.declaredKeys(model.annotated);
        StringBuilder body = new StringBuilder();
        for (ExecutableElement method : model.methodsOf(model.jdbcInterface)) {
            if (method.getModifiers().contains(Modifier.DEFAULT) || handWritten.contains(model.key(method))) {
                continue;
            }
            if (!model.declaresSqlException(method)) {
                model.error(iface + "." + method.getSimpleName() + " cannot throw SQLException: "
                        + model.annotated.getSimpleName() + " must implement it");
                return null;
            }
            if (method.getSimpleName().contentEquals("isWrapperFor")) {
                String type = MethodText.parameterNames(method).get(0);
                body.append("\n    @Override\n    ").append(MethodText.signature(method, types).replace(" throws SQLException", ""))
                        .append(" {\n        return ").append(type).append(".isInstance(this);\n    }\n");
                continue;
            }
            body.append("\n    @Override\n    ").append(MethodText.signature(method, types)).append(" {\n");
            if (method.getSimpleName().contentEquals("unwrap")) {
                String type = MethodText.parameterNames(method).get(0);
                body.append("        if (").append(type).append(".isInstance(this)) {\n")
                        .append("            return ").append(type).append(".cast(this);\n        }\n")
                        .append("        throw new SQLException(\"stub: not a wrapper for \" + ").append(type).append(".getName());\n    }\n");
                continue;
            }
            body.append("        throw unsupported(\"").append(method.getSimpleName()).append("\");\n    }\n");
        }
        String text = model.header("GenerateUnsupported")
                + "package " + model.packageName + ";\n\n"
                + types.importBlock() + "\n"
                + "/** Every " + ifaceName + " method that {@link " + model.annotated.getSimpleName()
                + "} does not write: the stub driver does not support it. */\n"
                + "@SuppressWarnings(\"deprecation\")\n"
                + "abstract class " + className + " implements " + ifaceName + " {\n\n"
                + "    static " + failure + " unsupported(String method) {\n"
                + "        return new " + failure + "(\"stub driver: \" + method + \" is not supported\");\n"
                + "    }\n"
                + body + "}\n";
        return new ClassSource(model.packageName + "." + className, text);
    }
}
