package org.lance4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the package {@code org.lance4j} plus the storage SPI {@code
 * org.lance4j.storage}: no public signature there may mention an implementation type
 * ({@code org.lance4j.internal.*}), a generated protobuf type or a third-party type other than
 * Arrow's, and no other module may reach into the implementation packages.
 */
class PublicApiTest {
  private static final Set<String> API_PACKAGES = Set.of("org.lance4j", "org.lance4j.storage");
  private static final Pattern INTERNAL_USE =
      Pattern.compile("\\borg\\.lance4j\\.(internal|proto)\\b");

  @Test
  void publicSignaturesMentionOnlyApiJdkAndArrowTypes() throws Exception {
    List<Class<?>> api = apiClasses();
    assertThat(api).contains(Dataset.class, Operation.Merge.class,
        org.lance4j.storage.ObjectStore.class);
    Set<String> leaks = new TreeSet<>();
    for (Class<?> c : api) {
      check(c, c.getGenericSuperclass(), "extends", leaks);
      for (Type t : c.getGenericInterfaces()) {
        check(c, t, "implements", leaks);
      }
      for (Field f : c.getDeclaredFields()) {
        if (exposed(f.getModifiers())) {
          check(c, f.getGenericType(), "field " + f.getName(), leaks);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (exposed(k.getModifiers())) {
          for (Type t : k.getGenericParameterTypes()) {
            check(c, t, "constructor", leaks);
          }
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (exposed(m.getModifiers()) && !m.isSynthetic()) {
          check(c, m.getGenericReturnType(), m.getName() + "() returns", leaks);
          for (Type t : m.getGenericParameterTypes()) {
            check(c, t, m.getName() + "() takes", leaks);
          }
          for (Type t : m.getGenericExceptionTypes()) {
            check(c, t, m.getName() + "() throws", leaks);
          }
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(c, rc.getGenericType(), "component " + rc.getName(), leaks);
        }
      }
    }
    assertThat(leaks).as("non-API types in public signatures").isEmpty();
  }

  @Test
  void theCheckCatchesALeak() {
    Set<String> leaks = new TreeSet<>();
    check(PublicApiTest.class, org.lance4j.proto.TableProtos.Manifest.class, "probe", leaks);
    check(PublicApiTest.class, new Object() {
      @SuppressWarnings("unused")
      List<? extends org.lance4j.internal.table.Snapshot> probe;
    }.getClass().getDeclaredFields()[0].getGenericType(), "probe", leaks);
    assertThat(leaks).hasSize(2);
  }

  @Test
  void otherModulesUseOnlyTheApi() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (String module : List.of("lance4j-cli", "lance4j-spark", "lance4j-bench",
        "lance4j-examples", "lance4j-interop", "lance4j-s3")) {
      for (String tree : List.of("src/main/java", "src/test/java")) {
        Path dir = root.resolve(module).resolve(tree);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            scanned++;
            String text = Files.readString(f);
            Matcher m = INTERNAL_USE.matcher(text);
            if (m.find()) {
              offenders.add(root.relativize(f) + " uses " + m.group());
            }
          }
        }
      }
    }
    assertThat(scanned).as("source files of the other modules").isGreaterThan(50);
    assertThat(offenders).isEmpty();
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(Class<?> owner, Type t, String where, Set<String> leaks) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (!c.isPrimitive() && !allowed(c)) {
        leaks.add(owner.getName() + " " + where + " " + c.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(owner, p.getRawType(), where, leaks);
      for (Type a : p.getActualTypeArguments()) {
        check(owner, a, where, leaks);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(owner, b, where, leaks);
      }
      for (Type b : w.getLowerBounds()) {
        check(owner, b, where, leaks);
      }
    } else if (t instanceof GenericArrayType g) {
      check(owner, g.getGenericComponentType(), where, leaks);
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(owner, b, where, leaks);
      }
    }
  }

  private static boolean allowed(Class<?> c) {
    String pkg = c.getPackageName();
    return pkg.startsWith("java.") || pkg.startsWith("org.apache.arrow.")
        || API_PACKAGES.contains(pkg);
  }

  /** Every public class (nested ones included) of the API packages, from the compiled classes. */
  private static List<Class<?>> apiClasses() throws IOException, URISyntaxException,
      ClassNotFoundException {
    Path classes = Path.of(Dataset.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    List<Class<?>> out = new ArrayList<>();
    for (String pkg : API_PACKAGES) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String name = f.getFileName().toString();
          Class<?> c = Class.forName(pkg + "." + name.substring(0, name.length() - 6), false,
              PublicApiTest.class.getClassLoader());
          if (isPublicAll(c) && !c.isAnonymousClass() && !c.isSynthetic()) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  private static boolean isPublicAll(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }
}
