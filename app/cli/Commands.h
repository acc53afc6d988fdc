#pragma once

#include <QStringList>

namespace llmux::cli {

class CliContext;

// One function per top-level command. Each parses its own arguments (args[0] is the command
// name), prints its own --help, and returns the process exit code.
int runServe(CliContext &ctx, const QStringList &args);
int runStatus(CliContext &ctx, const QStringList &args);
int runProvider(CliContext &ctx, const QStringList &args);
// `provider key ...`, reached through runProvider (args[0] is "key").
int runProviderKey(CliContext &ctx, const QStringList &args);
int runModel(CliContext &ctx, const QStringList &args);
int runHealth(CliContext &ctx, const QStringList &args);
int runSettings(CliContext &ctx, const QStringList &args);
int runRoute(CliContext &ctx, const QStringList &args);
int runKey(CliContext &ctx, const QStringList &args);
int runProject(CliContext &ctx, const QStringList &args);
int runLimit(CliContext &ctx, const QStringList &args);
int runBudget(CliContext &ctx, const QStringList &args);
int runAlert(CliContext &ctx, const QStringList &args);
int runReport(CliContext &ctx, const QStringList &args);
int runConnect(CliContext &ctx, const QStringList &args);

} // namespace llmux::cli
