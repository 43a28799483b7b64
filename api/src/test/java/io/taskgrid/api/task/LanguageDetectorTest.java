package io.taskgrid.api.task;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LanguageDetectorTest {

    @Test
    void tellsTheLanguageByExtension() {
        assertEquals(Optional.of(Language.PYTHON), LanguageDetector.detect("job.py", null, false));
        assertEquals(Optional.of(Language.SHELL), LanguageDetector.detect("run.sh", "echo hi", false));
        assertEquals(Optional.of(Language.JAVA), LanguageDetector.detect("Main.java", "public class Main {}", false));
        assertEquals(Optional.of(Language.NODE), LanguageDetector.detect("app.mjs", null, false));
        assertEquals(Optional.of(Language.PERL), LanguageDetector.detect("x.PL", null, false));
        assertEquals(Optional.of(Language.RUBY), LanguageDetector.detect("x.rb", null, false));
    }

    @Test
    void aShellScriptThatAsksForBashRunsWithBash() {
        assertEquals(Optional.of(Language.BASH), LanguageDetector.detect("run.sh", "#!/bin/bash", false));
        assertEquals(Optional.of(Language.BASH), LanguageDetector.detect("run.sh", "#!/usr/bin/env bash", false));
        assertEquals(Optional.of(Language.SHELL), LanguageDetector.detect("run.sh", "#!/bin/sh", false));
    }

    @Test
    void withoutAnExtensionTheShebangDecides() {
        assertEquals(Optional.of(Language.PYTHON), LanguageDetector.detect("tool", "#!/usr/bin/env -S python3 -u", true));
        assertEquals(Optional.of(Language.NODE), LanguageDetector.detect("tool", "#!/usr/local/bin/node", false));
        assertEquals(Optional.of(Language.SHELL), LanguageDetector.detect("tool", "#! /bin/dash", false));
    }

    @Test
    void asksWhetherTheFileIsExecutableOnlyWhenNameAndFirstLineLeaveItOpen() {
        AtomicInteger asked = new AtomicInteger();
        BooleanSupplier executable = () -> asked.incrementAndGet() > 0;
        assertEquals(Optional.of(Language.SHELL), LanguageDetector.detect("run.sh", "#!/bin/sh", executable));
        assertEquals(Optional.of(Language.PYTHON), LanguageDetector.detect("tool", "#!/usr/bin/python3", executable));
        assertEquals(Optional.empty(), LanguageDetector.detect("notes.txt", "hello", executable));
        assertEquals(0, asked.get(), "the name or the #! line decided");
        assertEquals(Optional.of(Language.EXECUTABLE), LanguageDetector.detect("mytool", "anything", executable));
        assertEquals(1, asked.get());
    }

    @Test
    void anExecutableWithoutExtensionOrShebangIsAPlainExecutable() {
        assertEquals(Optional.of(Language.EXECUTABLE), LanguageDetector.detect("mytool", "anything", true));
        assertEquals(Optional.of(Language.EXECUTABLE), LanguageDetector.detect("a.out", "\u007fELF\u0002\u0001", true));
        // Sent inline, a binary has lost its executable bit but not its header.
        assertEquals(Optional.of(Language.EXECUTABLE), LanguageDetector.detect("tool.bin", "\u007fELF\u0002\u0001", false));
    }

    @Test
    void unknownFilesHaveNoLanguage() {
        assertEquals(Optional.empty(), LanguageDetector.detect("notes.txt", "hello", false));
        assertEquals(Optional.empty(), LanguageDetector.detect("script.ps1", "Write-Host hi", true));
        assertEquals(Optional.empty(), LanguageDetector.detect("tool", "#!/usr/bin/tclsh", false));
        assertEquals(Optional.empty(), LanguageDetector.detect("tool", "plain text", false));
    }
}
