package dev.cistern.codegen;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * Spells types the way a person would in the generated source: simple names, with the imports they need
 * collected as it goes. A simple name already taken by another type stays fully qualified.
 */
final class TypeWriter {
    private final String packageName;
    /** simple name -> qualified name */
    private final Map<String, String> imports = new TreeMap<>();

    TypeWriter(String packageName) {
        this.packageName = packageName;
    }

    String name(TypeElement type) {
        String qualified = type.getQualifiedName().toString();
        String simple = type.getSimpleName().toString();
        String pkg = qualified.substring(0, Math.max(0, qualified.length() - simple.length() - 1));
        if (type.getNestingKind().isNested()) {
            return qualified; // not needed for JDBC; keep it correct rather than clever
        }
        if (pkg.equals("java.lang") || pkg.equals(packageName)) {
            return simple;
        }
        String taken = imports.putIfAbsent(simple, qualified);
        return taken == null || taken.equals(qualified) ? simple : qualified;
    }

    String name(TypeMirror type) {
        switch (type.getKind()) {
            case ARRAY:
                return name(((ArrayType) type).getComponentType()) + "[]";
            case DECLARED: {
                DeclaredType declared = (DeclaredType) type;
                String raw = name((TypeElement) declared.asElement());
                List<? extends TypeMirror> args = declared.getTypeArguments();
                return args.isEmpty() ? raw
                        : raw + args.stream().map(this::name).collect(Collectors.joining(", ", "<", ">"));
            }
            case TYPEVAR:
                return ((TypeVariable) type).asElement().getSimpleName().toString();
            case WILDCARD: {
                WildcardType wildcard = (WildcardType) type;
                if (wildcard.getExtendsBound() != null) {
                    return "? extends " + name(wildcard.getExtendsBound());
                }
                return wildcard.getSuperBound() != null ? "? super " + name(wildcard.getSuperBound()) : "?";
            }
            default:
                return type.toString(); // primitives and void
        }
    }

    /** The import block for everything named so far. */
    String importBlock() {
        StringBuilder out = new StringBuilder();
        imports.values().stream().sorted().forEach(q -> out.append("import ").append(q).append(";\n"));
        return out.toString();
    }
}
