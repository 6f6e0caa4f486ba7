package dev.foodorder.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The shared Dockerfile as a list of instructions (continuation lines joined, comments dropped). */
record Dockerfile(List<Instruction> instructions) {

    record Instruction(int stage, String keyword, String arguments) {
    }

    static Dockerfile load() {
        var instructions = new ArrayList<Instruction>();
        var stage = -1;
        var current = new StringBuilder();
        for (var line : Repository.read(Repository.path("Dockerfile")).lines().toList()) {
            var trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            var parts = current.toString().split("\\s+", 2);
            var keyword = parts[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(stage, keyword, parts.length > 1 ? parts[1] : ""));
            current.setLength(0);
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    Stream<Instruction> instructions(String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword));
    }

    int lastStage() {
        return instructions.getLast().stage();
    }

    Stream<Instruction> inStage(int stage, String keyword) {
        return instructions(keyword).filter(instruction -> instruction.stage() == stage);
    }
}
