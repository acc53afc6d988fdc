#include "app/cli/Subcommands.h"

#include "app/cli/CliContext.h"

namespace llmux::cli {

int runSubcommand(CliContext &ctx, const QStringList &args, const QString &command,
                  const QString &usage, std::initializer_list<Subcommand> subcommands)
{
    const QString sub = args.value(1);
    for (const Subcommand &s : subcommands)
        if (sub == QLatin1String(s.name))
            return s.run(ctx, args.mid(1));
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        ctx.out() << "Usage: " << usage << Qt::endl;
        return sub.isEmpty() ? 2 : 0;
    }
    return ctx.fail(QStringLiteral("Unknown %1 command '%2'.\nUsage: %3").arg(command, sub, usage));
}

} // namespace llmux::cli
