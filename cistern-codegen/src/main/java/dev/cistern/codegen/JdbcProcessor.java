package dev.cistern.codegen;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Writes, at build time, the JDBC code that used to be copied by hand. It reacts to two annotations,
 * recognised by simple name so that the modules using them depend on nothing of ours:
 *
 * <ul>
 *   <li>{@code @GenerateDelegation} on a hand-written wrapper {@code ProxyX}: writes its abstract superclass
 *       {@code XDelegation}, which implements every method of the JDBC interface that the wrapper (and its
 *       hand-written superclasses) does not, each by one rule: refuse once the owning connection is closed,
 *       delegate, and pass any {@code SQLException} through the owner's fatal-error check. See
 *       {@link DelegationWriter}.</li>
 *   <li>{@code @GenerateUnsupported} on a hand-written stub {@code StubX}: writes {@code UnsupportedX}, in
 *       which every abstract interface method the stub does not write throws
 *       {@code SQLFeatureNotSupportedException}. See {@link UnsupportedWriter}.</li>
 * </ul>
 */
@SupportedAnnotationTypes("*")
public final class JdbcProcessor extends AbstractProcessor {
    static final String DELEGATION = "GenerateDelegation";
    static final String UNSUPPORTED = "GenerateUnsupported";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            String name = annotation.getSimpleName().toString();
            if (!name.equals(DELEGATION) && !name.equals(UNSUPPORTED)) {
                continue;
            }
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                TypeElement annotated = (TypeElement) element;
                try {
                    JdbcModel model = new JdbcModel(processingEnv, annotated, annotationOn(annotated, name));
                    ClassSource source = name.equals(DELEGATION)
                            ? new DelegationWriter(model).write()
                            : new UnsupportedWriter(model).write();
                    if (source != null) {
                        save(source, annotated);
                    }
                } catch (IOException e) {
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                            "cannot write generated source: " + e, annotated);
                }
            }
        }
        return false;
    }

    private void save(ClassSource source, TypeElement origin) throws IOException {
        try (Writer out = processingEnv.getFiler().createSourceFile(source.qualifiedName, origin).openWriter()) {
            out.write(source.text);
        }
    }

    static AnnotationMirror annotationOn(Element element, String simpleName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().asElement().getSimpleName().contentEquals(simpleName)) {
                return mirror;
            }
        }
        return null;
    }

    /** A generated compilation unit: its name and its text. */
    static final class ClassSource {
        final String qualifiedName;
        final String text;

        ClassSource(String qualifiedName, String text) {
            this.qualifiedName = qualifiedName;
            this.text = text;
        }
    }

    /** Reads one annotation's attributes and answers questions about the interface it names. */
    static final class JdbcModel {
        final javax.annotation.processing.ProcessingEnvironment env;
        final TypeElement annotated;
        final TypeElement jdbcInterface;
        final String packageName;
        private final Map<? extends ExecutableElement, ? extends AnnotationValue> values;

        JdbcModel(javax.annotation.processing.ProcessingEnvironment env, TypeElement annotated, AnnotationMirror mirror) {
            this.env = env;
            this.annotated = annotated;
            this.values = env.getElementUtils().getElementValuesWithDefaults(mirror);
            this.jdbcInterface = typeAttribute("value");
            this.packageName = env.getElementUtils().getPackageOf(annotated).getQualifiedName().toString();
        }

        private AnnotationValue attribute(String name) {
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
                if (e.getKey().getSimpleName().contentEquals(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        /** A {@code Class} attribute, or null when absent or {@code Object.class} (meaning none). */
        TypeElement typeAttribute(String name) {
            AnnotationValue value = attribute(name);
            if (value == null || !(value.getValue() instanceof DeclaredType)) {
                return null;
            }
            TypeElement type = (TypeElement) ((DeclaredType) value.getValue()).asElement();
            return type.getQualifiedName().contentEquals("java.lang.Object") ? null : type;
        }

        List<TypeMirror> typesAttribute(String name) {
            List<TypeMirror> types = new ArrayList<>();
            listAttribute(name).forEach(item -> types.add((TypeMirror) item));
            return types;
        }

        List<String> stringsAttribute(String name) {
            List<String> strings = new ArrayList<>();
            listAttribute(name).forEach(item -> strings.add((String) item));
            return strings;
        }

        private List<Object> listAttribute(String name) {
            List<Object> items = new ArrayList<>();
            AnnotationValue value = attribute(name);
            if (value != null) {
                for (Object item : (List<?>) value.getValue()) {
                    items.add(((AnnotationValue) item).getValue());
                }
            }
            return items;
        }

        /**
         * Every instance method of the interface, the most specific declaration first, each signature once
         * ({@code Statement.close} wins over {@code AutoCloseable.close}).
         */
        List<ExecutableElement> methodsOf(TypeElement type) {
            List<ExecutableElement> methods = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            List<TypeElement> queue = new ArrayList<>(List.of(type));
            for (int i = 0; i < queue.size(); i++) {
                TypeElement current = queue.get(i);
                for (Element member : current.getEnclosedElements()) {
                    if (member instanceof ExecutableElement && member.getKind() == javax.lang.model.element.ElementKind.METHOD
                            && !member.getModifiers().contains(Modifier.STATIC)
                            && seen.add(key((ExecutableElement) member))) {
                        methods.add((ExecutableElement) member);
                    }
                }
                for (TypeMirror parent : current.getInterfaces()) {
                    queue.add((TypeElement) ((DeclaredType) parent).asElement());
                }
            }
            return methods;
        }

        /** Name and erased parameter types: what decides whether two methods override one another. */
        String key(ExecutableElement method) {
            StringBuilder key = new StringBuilder(method.getSimpleName()).append('(');
            method.getParameters().forEach(p -> key.append(env.getTypeUtils().erasure(p.asType())).append(','));
            return key.append(')').toString();
        }

        /** Keys of the methods a hand-written class declares itself. */
        Set<String> declaredKeys(TypeElement type) {
            Set<String> keys = new java.util.HashSet<>();
            for (Element member : type.getEnclosedElements()) {
                if (member.getKind() == javax.lang.model.element.ElementKind.METHOD) {
                    keys.add(key((ExecutableElement) member));
                }
            }
            return keys;
        }

        boolean declaresSqlException(ExecutableElement method) {
            for (TypeMirror thrown : method.getThrownTypes()) {
                if (thrown.toString().equals("java.sql.SQLException")) {
                    return true;
                }
            }
            return false;
        }

        boolean isSuperclassKnown(TypeElement type) {
            return type.getSuperclass().getKind() == TypeKind.DECLARED;
        }

        void error(String message) {
            env.getMessager().printMessage(Diagnostic.Kind.ERROR, message, annotated);
        }

        String header(String what) {
            return "// Generated at build time by " + JdbcProcessor.class.getName() + " from @"
                    + what + " on " + annotated.getQualifiedName() + ".\n"
                    + "// Do not edit: change the hand-written class or the processor; this file is rewritten on every build.\n";
        }
    }
}
