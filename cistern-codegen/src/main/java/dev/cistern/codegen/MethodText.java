package dev.cistern.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Spells the parts of an overriding method that both generators share: its signature and its call. */
final class MethodText {
    private MethodText() {
    }

    /** {@code public <T> T unwrap(Class<T> iface) throws SQLException}, without the body. */
    static String signature(ExecutableElement method, TypeWriter types) {
        StringBuilder out = new StringBuilder("public ");
        List<? extends TypeParameterElement> typeParameters = method.getTypeParameters();
        if (!typeParameters.isEmpty()) {
            out.append(typeParameters.stream().map(t -> typeParameter(t, types)).collect(Collectors.joining(", ", "<", "> ")));
        }
        out.append(types.name(method.getReturnType())).append(' ').append(method.getSimpleName()).append('(');
        List<? extends VariableElement> parameters = method.getParameters();
        List<String> names = parameterNames(method);
        for (int i = 0; i < parameters.size(); i++) {
            TypeMirror type = parameters.get(i).asType();
            boolean varargs = method.isVarArgs() && i == parameters.size() - 1;
            out.append(i == 0 ? "" : ", ")
                    .append(varargs ? types.name(((ArrayType) type).getComponentType()) + "..." : types.name(type))
                    .append(' ').append(names.get(i));
        }
        out.append(')');
        List<? extends TypeMirror> thrown = method.getThrownTypes();
        if (!thrown.isEmpty()) {
            out.append(thrown.stream().map(types::name).collect(Collectors.joining(", ", " throws ", "")));
        }
        return out.toString();
    }

    private static String typeParameter(TypeParameterElement parameter, TypeWriter types) {
        String bounds = parameter.getBounds().stream()
                .filter(b -> !b.toString().equals("java.lang.Object"))
                .map(types::name).collect(Collectors.joining(" & "));
        return parameter.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + bounds);
    }

    /** {@code name(a, b)}: the same method called with the same arguments. */
    static String call(ExecutableElement method) {
        return method.getSimpleName() + String.join(", ", parameterNames(method)).transform(a -> "(" + a + ")");
    }

    /**
     * The parameters' names. Compiling against {@code --release}, the JDK's interfaces come without them
     * ({@code arg0}, {@code arg1}); then each is named after its type instead ({@code string}, {@code calendar},
     * {@code int1}), which reads better and never clashes with the generated code's own names.
     */
    static List<String> parameterNames(ExecutableElement method) {
        List<? extends VariableElement> parameters = method.getParameters();
        List<String> names = new ArrayList<>();
        boolean synthetic = parameters.stream().anyMatch(p -> p.getSimpleName().toString().matches("arg\\d+"));
        for (int i = 0; i < parameters.size(); i++) {
            String name = synthetic ? nameFor(parameters.get(i).asType(), i + 1) : parameters.get(i).getSimpleName().toString();
            names.add(name.equals("connection") || name.equals("delegate") || name.equals("e") ? name + (i + 1) : name);
        }
        if (synthetic) { // two parameters of one type: number them all
            for (int i = 0; i < names.size(); i++) {
                if (names.indexOf(names.get(i)) != names.lastIndexOf(names.get(i)) && !names.get(i).matches(".*\\d")) {
                    String repeated = names.get(i);
                    for (int j = i; j < names.size(); j++) {
                        if (names.get(j).equals(repeated)) {
                            names.set(j, repeated + (j + 1));
                        }
                    }
                }
            }
        }
        return names;
    }

    private static String nameFor(TypeMirror type, int position) {
        switch (type.getKind()) {
            case ARRAY:
                return nameFor(((ArrayType) type).getComponentType(), position).replaceAll("\\d+$", "") + "s";
            case DECLARED: {
                String simple = ((DeclaredType) type).asElement().getSimpleName().toString();
                if (simple.equals("Class")) {
                    return "type";
                }
                int upper = 0;
                while (upper < simple.length() && Character.isUpperCase(simple.charAt(upper))) {
                    upper++;
                }
                int lowered = upper > 1 && upper < simple.length() ? upper - 1 : upper;
                return simple.substring(0, lowered).toLowerCase(Locale.ROOT) + simple.substring(lowered);
            }
            default:
                return type.toString().replaceAll("\\W", "") + position; // int1, long2: primitives are keywords
        }
    }

    static boolean returnsVoid(ExecutableElement method) {
        return method.getReturnType().getKind() == TypeKind.VOID;
    }
}
