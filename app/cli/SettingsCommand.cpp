#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "core/config/TuningSettings.h"
#include "core/store/SettingsRepository.h"

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral("llmux settings [list] | set KEY VALUE | reset KEY");

int list(CliContext &ctx)
{
    SettingsRepository settings(ctx.db());
    for (const TuningSettings::Entry &e : TuningSettings::entries()) {
        const int value = TuningSettings::value(settings, e);
        ctx.out() << QStringLiteral("%1 %2")
                         .arg(QLatin1String(e.key), -24)
                         .arg(QString::number(value), -9);
        if (value != e.defaultValue)
            ctx.out() << "(default " << e.defaultValue << ") ";
        ctx.out() << e.description << '\n';
    }
    ctx.out() << Qt::flush;
    return 0;
}

} // namespace

int runSettings(CliContext &ctx, const QStringList &args)
{
    const QString sub = args.value(1);
    ArgParser p(kUsage, QStringLiteral("Shows and changes how hard the gateway retries, when it "
                                       "opens circuits and how often it checks providers. A "
                                       "running gateway applies changes within a second."));
    const int expected = sub == QLatin1String("set") ? 3 : sub == QLatin1String("reset") ? 2 : -1;
    if (int code = p.parse(args, ctx.out(), ctx.err(), expected); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QStringList positional = p.positionalArguments();
    if (positional.isEmpty() || positional.first() == QLatin1String("list"))
        return list(ctx);
    SettingsRepository settings(ctx.db());
    const QString key = positional.value(1);
    if (sub != QLatin1String("set") && sub != QLatin1String("reset"))
        return ctx.fail(
            QStringLiteral("Unknown settings command '%1'.\nUsage: %2").arg(sub, kUsage));
    const Status done = sub == QLatin1String("set")
                            ? TuningSettings::set(settings, key, positional.value(2))
                            : TuningSettings::reset(settings, key);
    if (!done)
        return ctx.fail(done.error());
    ctx.out() << key << " = " << TuningSettings::value(settings, *TuningSettings::find(key))
              << Qt::endl;
    return 0;
}

} // namespace llmux::cli
