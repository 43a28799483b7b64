package io.taskgrid.dist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The .deb and the .tar.gz that {@code mvn package} built: what they hold, that the package's command runs from an
 * unpacked tree without building anything, that the shipped settings are accepted, and that systemd takes the units.
 */
class PackageIT {
    private static final Path TARGET = Path.of(System.getProperty("taskgrid.dist.target", "target"));
    private static final String VERSION = System.getProperty("taskgrid.version");
    private static final List<String> SETTINGS = List.of("controller.conf", "agent.conf", "clients.rules", "agents.rules",
            "agent.rules", "logback.xml", "taskgrid.env");
    private static final List<String> UNITS = List.of("taskgrid-controller.service", "taskgrid-agent.service");

    /** dpkg -x of the package: a scratch root holding usr/, etc/, var/. */
    @TempDir
    static Path root;

    @TempDir
    Path scratch;

    private static Path deb;
    private static Map<String, String> debEntries;

    @BeforeAll
    static void unpackThePackage() throws Exception {
        deb = only(TARGET, "taskgrid_*_all.deb");
        debEntries = entries(run(List.of("dpkg-deb", "--contents", deb.toString()), Map.of()).out());
        Result x = run(List.of("dpkg", "-x", deb.toString(), root.toString()), Map.of());
        assertEquals(0, x.exit(), x.toString());
    }

    @Test
    void thePackageHoldsTheCommandItsLibrariesSettingsUnitsAndManPages() {
        String link = debEntries.get("usr/bin/taskgrid");
        assertTrue(link != null && link.startsWith("l") && link.endsWith(" -> ../share/taskgrid/bin/taskgrid"),
                "usr/bin/taskgrid must be a relative link to the installed script, not " + link);
        assertEquals("-rwxr-xr-x", debEntries.get("usr/share/taskgrid/bin/taskgrid"));
        assertTrue(debEntries.keySet().stream().anyMatch(p -> p.matches("usr/share/taskgrid/lib/taskgrid-launcher-.*\\.jar")),
                debEntries.keySet().toString());
        for (String file : SETTINGS) {
            assertEquals("-rw-r--r--", debEntries.get("etc/taskgrid/" + file), file);
        }
        for (String unit : UNITS) {
            assertEquals("-rw-r--r--", debEntries.get("usr/lib/systemd/system/" + unit), unit);
        }
        for (String page : List.of("taskgrid.1", "taskgrid-controller.1", "taskgrid-agent.1", "taskgrid-submit.1")) {
            assertTrue(debEntries.containsKey("usr/share/man/man1/" + page), page);
        }
        assertTrue(debEntries.get("var/lib/taskgrid/").startsWith("d"), "the data folder");
        List<String> strays = debEntries.keySet().stream()
                .filter(p -> !p.matches("(usr/(bin|lib/systemd/system|share/(taskgrid|man/man1))|etc/taskgrid|var/lib/taskgrid)(/.*)?")
                        && !Set.of("usr/", "usr/share/", "usr/lib/", "usr/lib/systemd/", "usr/share/man/", "etc/", "var/", "var/lib/").contains(p))
                .toList();
        assertEquals(List.of(), strays, "files outside the package's places");
    }

    @Test
    void theControlFieldsDependOnJava17AndKeepTheSettingsAsConffiles() throws Exception {
        Map<String, String> fields = new HashMap<>();
        for (String field : List.of("Package", "Version", "Architecture", "Depends")) {
            fields.put(field, run(List.of("dpkg-deb", "--field", deb.toString(), field), Map.of()).out().strip());
        }
        assertEquals("taskgrid", fields.get("Package"));
        assertEquals("all", fields.get("Architecture"));
        assertEquals(VERSION.replace('-', '~'), fields.get("Version"));
        assertTrue(fields.get("Depends").contains("openjdk-17-jre-headless"), fields.toString());
        assertTrue(deb.getFileName().toString().equals("taskgrid_" + fields.get("Version") + "_all.deb"), deb.toString());

        Path control = scratch.resolve("DEBIAN");
        Result e = run(List.of("dpkg-deb", "--control", deb.toString(), control.toString()), Map.of());
        assertEquals(0, e.exit(), e.toString());
        Set<String> conffiles = new TreeSet<>(Files.readAllLines(control.resolve("conffiles")));
        Set<String> inEtc = debEntries.keySet().stream().filter(p -> p.startsWith("etc/taskgrid/") && !p.endsWith("/"))
                .map(p -> "/" + p).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inEtc, conffiles, "every file in /etc/taskgrid is a conffile, so an upgrade keeps the admin's edits");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = control.resolve(script);
            assertTrue(Files.isExecutable(file), script);
            Result syntax = run(List.of("sh", "-n", file.toString()), Map.of());
            assertEquals(0, syntax.exit(), script + ": " + syntax);
        }
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("adduser --system --group") && postinst.contains(" taskgrid\n"), postinst);
        String postrm = Files.readString(control.resolve("postrm"));
        Matcher purge = Pattern.compile("(?s)purge\\)(.*?);;").matcher(postrm);
        assertTrue(purge.find() && purge.group(1).contains("rm -rf /var/lib/taskgrid"), "purge deletes the data: " + postrm);
        Matcher remove = Pattern.compile("(?s)\\bremove\\)(.*?);;").matcher(postrm);
        assertTrue(remove.find() && !remove.group(1).contains("/var/lib/taskgrid"), "remove keeps the data: " + postrm);
    }

    @Test
    void theInstalledCommandRunsFromTheScratchRootWithoutBuilding() throws Exception {
        Result version = taskgrid(root.resolve("usr/bin/taskgrid"), "--version");
        assertEquals(0, version.exit(), version.toString());
        assertEquals("TaskGrid " + VERSION + ", protocol", version.out().strip().replaceAll(" \\d+$", ""), version.toString());
        assertFalse(Files.exists(scratch.resolve("mvn-was-called")), "the installed command must never build");
    }

    @Test
    void theShippedSettingsAreReadByTheControllerAndTheAgent() throws Exception {
        // A bad --port (or --slots) is checked after the whole file was read and accepted; a bad file stops earlier.
        Result controller = taskgrid(root.resolve("usr/bin/taskgrid"), "controller", "--config",
                root.resolve("etc/taskgrid/controller.conf").toString(), "--port", "70000");
        assertEquals(2, controller.exit(), controller.toString());
        assertTrue(controller.err().contains("--port must be a port from 1 to 65535"), controller.toString());
        Result agent = taskgrid(root.resolve("usr/bin/taskgrid"), "agent", "--config",
                root.resolve("etc/taskgrid/agent.conf").toString(), "--slots", "0");
        assertEquals(2, agent.exit(), agent.toString());
        assertTrue(agent.err().contains("--slots must be at least 1"), agent.toString());
    }

    @Test
    void theUnitsRunTheServiceHardenedAsTheTaskgridUserFromItsConfig() throws Exception {
        for (String unit : UNITS) {
            String role = unit.replace("taskgrid-", "").replace(".service", "");
            Map<String, List<String>> keys = unitKeys(root.resolve("usr/lib/systemd/system/" + unit));
            assertEquals(List.of("simple"), keys.get("Type"), unit);
            assertEquals(List.of("on-failure"), keys.get("Restart"), unit);
            assertEquals(List.of("taskgrid"), keys.get("User"), unit);
            assertEquals(List.of("yes"), keys.get("NoNewPrivileges"), unit);
            assertEquals(List.of("strict"), keys.get("ProtectSystem"), unit);
            assertEquals(List.of("yes"), keys.get("PrivateTmp"), unit);
            assertTrue(keys.get("ReadWritePaths").get(0).contains("/var/lib/taskgrid"), unit);
            assertEquals(List.of("/usr/bin/taskgrid " + role + " --config /etc/taskgrid/" + role + ".conf"), keys.get("ExecStart"), unit);
            assertEquals(List.of("multi-user.target"), keys.get("WantedBy"), unit);
        }
    }

    @Test
    void systemdAcceptsTheUnitsWithoutAWarning() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            // Without systemd (a container without the package), the key checks above are all there is; .ci/run installs it.
            System.err.println("PackageIT: no /usr/bin/systemd-analyze here; the units were only checked by their keys.");
            return;
        }
        // systemd-analyze wants ExecStart's program to exist: point it into the scratch root, and man at its pages
        // (the units' Documentation= names them).
        Path units = Files.createDirectories(scratch.resolve("units"));
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (String unit : UNITS) {
            String text = Files.readString(root.resolve("usr/lib/systemd/system/" + unit));
            Path copy = Files.writeString(units.resolve(unit), text.replace("ExecStart=/usr/bin/taskgrid",
                    "ExecStart=" + root.resolve("usr/bin/taskgrid")));
            command.add(copy.toString());
        }
        Result verify = run(command, Map.of("MANPATH", root.resolve("usr/share/man").toString()));
        assertEquals(0, verify.exit(), verify.toString());
        // it reports unknown keys and bad values as warnings, still exiting 0
        assertEquals("", verify.err().strip(), verify.toString());
    }

    @Test
    void theReleaseArchiveHoldsTheSameLibrariesAndRunsWhereItIsUnpacked() throws Exception {
        Path tar = TARGET.resolve("taskgrid-" + VERSION + ".tar.gz");
        Map<String, String> entries = new HashMap<>();
        for (String line : run(List.of("tar", "-tvzf", tar.toString()), Map.of()).out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6) {
                entries.put(f[f.length - 1], f[0]);
            }
        }
        String top = "taskgrid-" + VERSION + "/";
        assertEquals("-rwxr-xr-x", entries.get(top + "bin/taskgrid"), entries.keySet().toString());
        for (String file : SETTINGS) {
            assertTrue(entries.containsKey(top + "conf/" + file), file);
        }
        for (String unit : UNITS) {
            assertTrue(entries.containsKey(top + "systemd/" + unit), unit);
        }
        assertTrue(entries.containsKey(top + "man/man1/taskgrid.1"));
        Set<String> tarJars = entries.keySet().stream().filter(p -> p.startsWith(top + "lib/"))
                .map(p -> p.substring((top + "lib/").length())).filter(n -> !n.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> debJars = debEntries.keySet().stream().filter(p -> p.startsWith("usr/share/taskgrid/lib/"))
                .map(p -> p.substring("usr/share/taskgrid/lib/".length())).filter(n -> !n.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(debJars, tarJars);
        assertTrue(tarJars.size() > 20, tarJars.toString());

        Path unpacked = Files.createDirectories(scratch.resolve("opt"));
        assertEquals(0, run(List.of("tar", "-xzf", tar.toString(), "-C", unpacked.toString()), Map.of()).exit());
        Result version = taskgrid(unpacked.resolve(top + "bin/taskgrid"), "--version");
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().startsWith("TaskGrid " + VERSION), version.toString());
    }

    /** The command, with an mvn on the PATH that leaves a mark if anything calls it, and a cache of its own. */
    private Result taskgrid(Path command, String... args) throws Exception {
        Path bin = Files.createDirectories(scratch.resolve("fake-bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\ntouch '" + scratch.resolve("mvn-was-called") + "'\nexit 99\n");
        mvn.toFile().setExecutable(true);
        List<String> line = new ArrayList<>(List.of(command.toString()));
        line.addAll(List.of(args));
        return run(line, Map.of("PATH", bin + ":" + System.getenv("PATH"), "XDG_CACHE_HOME", scratch.resolve("cache").toString()));
    }

    /** Key → values of a unit file, each section's keys together (none of ours repeats a key across sections). */
    private static Map<String, List<String>> unitKeys(Path unit) throws IOException {
        Map<String, List<String>> keys = new HashMap<>();
        String joined = Files.readString(unit).replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(eq > 0, unit + ": not a Key=Value line: " + l);
            keys.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return keys;
    }

    /** Path (without the leading ./) → mode, with " -> target" for a link, from dpkg-deb --contents. */
    private static Map<String, String> entries(String listing) {
        Map<String, String> entries = new HashMap<>();
        for (String line : listing.split("\n")) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6) {
                String[] nameAndTarget = f[5].split(" -> ", 2);
                String path = nameAndTarget[0].replaceFirst("^\\./", "");
                entries.put(path, nameAndTarget.length == 2 ? f[0] + " -> " + nameAndTarget[1] : f[0]);
            }
        }
        return entries;
    }

    private static Path only(Path folder, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(folder, glob)) {
            stream.forEach(found::add);
        }
        assertEquals(1, found.size(), "expected one " + glob + " in " + folder + " (mvn package makes it): " + found);
        return found.get(0);
    }

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = Files.createTempFile("packageit", ".out");
        Path err = Files.createTempFile("packageit", ".err");
        try {
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not end within 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
