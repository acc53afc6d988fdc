#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/services/ProviderStore.h"
#include "core/store/ProviderKeyRepository.h"
#include "core/store/ProviderRepository.h"
#include "core/store/SettingsRepository.h"

#include <QFile>

#include <algorithm>

namespace llmux::cli {
namespace {

const QString kUsage =
    QStringLiteral("llmux provider key add NAME (--api-key-env VAR | --api-key -) [--label LABEL]\n"
                   "       llmux provider key list NAME | remove NAME ID");

// The provider's own key, listed beside the extra ones under this id; it is not a row of the pool.
constexpr qint64 kMainKeyId = 0;

QString whereText(const QString &apiKeyEnv, bool inKeychain)
{
    return !apiKeyEnv.isEmpty() ? QStringLiteral("env:") + apiKeyEnv
           : inKeychain         ? QStringLiteral("keychain")
                                : QStringLiteral("none");
}

int add(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider key add NAME (--api-key-env VAR | --api-key -) "
                               "[--label LABEL]"),
                QStringLiteral("Adds an API key to a provider's key pool. LLMux spreads "
                               "requests over the pool and skips keys the provider rejects or "
                               "rate-limits. The key goes to the OS keychain (--api-key - reads "
                               "it from standard input) or stays in an environment variable "
                               "(--api-key-env VAR)."));
    p.addOptions({
        {QStringLiteral("api-key-env"),
         QStringLiteral("Read the API key from this environment variable at run time."),
         QStringLiteral("VAR")},
        {QStringLiteral("api-key"),
         QStringLiteral(
             "'-' reads the API key from standard input and stores it in the OS keychain."),
         QStringLiteral("-")},
        {QStringLiteral("label"),
         QStringLiteral("A name for the key in lists and logs (default: key N)."),
         QStringLiteral("LABEL")},
    });
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    const bool fromEnv = p.isSet(QStringLiteral("api-key-env"));
    const bool fromStdin = p.isSet(QStringLiteral("api-key"));
    if (fromEnv == fromStdin)
        return ctx.fail(QStringLiteral("Say where the API key comes from: --api-key - (stdin, "
                                       "stored in the OS keychain) or --api-key-env VAR."));
    if (fromStdin && p.value(QStringLiteral("api-key")) != QLatin1String("-"))
        return ctx.fail(QStringLiteral("--api-key only takes '-' (read from standard input): a key "
                                       "on the command line would end up in shell history."));
    ProviderKeyRecord key;
    key.apiKeyEnv = p.value(QStringLiteral("api-key-env")).trimmed();
    if (fromEnv && key.apiKeyEnv.isEmpty())
        return ctx.fail(QStringLiteral("--api-key-env needs the name of an environment variable."));
    key.label = p.value(QStringLiteral("label")).trimmed();
    if (p.isSet(QStringLiteral("label")) && key.label.isEmpty())
        return ctx.fail(QStringLiteral("--label must not be empty."));

    QByteArray secret;
    if (fromStdin) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return ctx.fail(QStringLiteral("Cannot read the API key from standard input."));
        secret = in.readAll().trimmed();
        if (secret.isEmpty())
            return ctx.fail(QStringLiteral("No API key arrived on standard input."));
    }

    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto found = ctx.findProvider(p.positionalArguments().first());
    if (!found)
        return ctx.fail(found.error());
    const ProviderRecord &provider = found.value();
    ProviderKeyRepository keys(ctx.db());
    const auto existing = keys.list(provider.id);
    if (!existing)
        return ctx.fail(existing.error());
    if (key.label.isEmpty())
        key.label = ProviderStore::defaultKeyLabel(existing.value());
    key.providerId = provider.id;
    // The keychain account needs the row's id, so the row comes first; it goes again if the
    // keychain refuses the secret.
    key.secretInKeychain = !secret.isEmpty();
    const Result<qint64> id = keys.add(key);
    if (!id)
        return ctx.fail(id.error());
    key.id = id.value();
    if (key.secretInKeychain) {
        const QString account = SecretStore::providerKeyAccount(
            SettingsRepository(ctx.db()).instanceId(), provider.id, key.id);
        if (Status stored = ctx.secrets().write(account, secret); !stored) {
            // The row without its secret must not stay; if it does, say how to remove it.
            if (const Status removed = keys.remove(provider.id, key.id); !removed)
                return ctx.fail(stored.error() +
                                QStringLiteral(" Remove the key without a secret with `llmux "
                                               "provider key remove %1 %2`: %3")
                                    .arg(provider.name, QString::number(key.id), removed.error()));
            return ctx.fail(stored.error());
        }
        // A running gateway may have reloaded between the row and the secret and found no key in
        // the keychain; an unchanged write of the provider row bumps the configuration revision,
        // so it reloads once more and reads the key.
        if (Status s = ProviderRepository(ctx.db()).update(provider); !s)
            return ctx.fail(s.error());
    }
    ctx.out() << "Added key #" << key.id << " '" << key.label << "' to provider '" << provider.name
              << "'";
    if (key.secretInKeychain)
        ctx.out() << "; stored in the OS keychain";
    else
        ctx.out() << "; read from $" << key.apiKeyEnv;
    ctx.out() << '.' << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider key list NAME"),
                QStringLiteral("Lists a provider's API keys: its own (#0, main) and its extra "
                               "keys. Shows where each key lives, never the key."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto provider = ctx.findProvider(p.positionalArguments().first());
    if (!provider)
        return ctx.fail(provider.error());
    const auto keys = ProviderKeyRepository(ctx.db()).list(provider->id);
    if (!keys)
        return ctx.fail(keys.error());
    auto row = [&ctx](qint64 id, const QString &label, const QString &where) {
        ctx.out() << qSetFieldWidth(6) << Qt::left << id << qSetFieldWidth(20) << label
                  << qSetFieldWidth(0) << ' ' << where << '\n';
    };
    row(kMainKeyId, QStringLiteral("main"),
        whereText(provider->apiKeyEnv, provider->secretInKeychain));
    for (const ProviderKeyRecord &k : keys.value())
        row(k.id, k.label, whereText(k.apiKeyEnv, k.secretInKeychain));
    ctx.out() << Qt::flush;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux provider key remove NAME ID"),
                QStringLiteral("Removes an extra API key (ID from llmux provider key list) and "
                               "deletes it from the OS keychain."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 2); code >= 0)
        return code;
    bool ok = false;
    const QString idText = p.positionalArguments().at(1);
    const qint64 keyId = idText.toLongLong(&ok);
    if (!ok || keyId < 0)
        return ctx.fail(QStringLiteral("'%1' is not a key id; see llmux provider key list %2.")
                            .arg(idText, p.positionalArguments().first()));
    if (keyId == kMainKeyId)
        return ctx.fail(QStringLiteral("Key #0 is the provider's own API key, not one of its extra "
                                       "keys: it goes only with the provider (llmux provider "
                                       "remove %1).")
                            .arg(p.positionalArguments().first()));
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto provider = ctx.findProvider(p.positionalArguments().first());
    if (!provider)
        return ctx.fail(provider.error());
    ProviderKeyRepository keys(ctx.db());
    const auto existing = keys.list(provider->id);
    if (!existing)
        return ctx.fail(existing.error());
    const auto key = std::find_if(existing->cbegin(), existing->cend(),
                                  [keyId](const ProviderKeyRecord &k) { return k.id == keyId; });
    if (key == existing->cend())
        return ctx.fail(QStringLiteral("Provider '%1' has no key #%2; see llmux provider key "
                                       "list %1.")
                            .arg(provider->name)
                            .arg(keyId));
    if (Status s = keys.remove(provider->id, keyId); !s)
        return ctx.fail(s.error());
    if (key->secretInKeychain) {
        const QString account = SecretStore::providerKeyAccount(
            SettingsRepository(ctx.db()).instanceId(), provider->id, keyId);
        if (Status s = ctx.secrets().remove(account); !s)
            ctx.err() << "llmux: the key is removed, but it could not be deleted from the OS "
                         "keychain: "
                      << s.error() << Qt::endl;
    }
    ctx.out() << "Removed key #" << keyId << " '" << key->label << "' of provider '"
              << provider->name << "'." << Qt::endl;
    return 0;
}

} // namespace

int runProviderKey(CliContext &ctx, const QStringList &args)
{
    return runSubcommand(ctx, args, QStringLiteral("provider key"), kUsage,
                         {{"add", add}, {"list", list}, {"remove", remove}});
}

} // namespace llmux::cli
