#include "ui/providers/ProviderDraftCheck.h"

#include "core/providers/ProviderPresets.h"
#include "core/store/ProviderRepository.h"

namespace llmux {

ProviderDraftCheck::ProviderDraftCheck(const Database &db,
                                       const std::optional<ProviderRecord> &existing,
                                       const ProviderPreset *preset)
    : m_db(db)
    , m_existing(existing)
    , m_preset(preset)
{}

Result<ProviderDraft> ProviderDraftCheck::forTrying(const ProviderDraft &draft) const
{
    ProviderDraft checked = draft;
    ProviderRecord &r = checked.record;
    r.name = r.name.trimmed();
    r.noProxy = r.noProxy.trimmed();
    checked.apiKey = checked.apiKey.trimmed();
    checked.proxyText = checked.proxyText.trimmed();
    const QString url = r.baseUrl.trimmed();
    if (url.isEmpty())
        return Result<ProviderDraft>::failure(
            r.kind == QLatin1String("azure")
                ? tr("Give the base URL of your Azure OpenAI resource, e.g. "
                     "https://YOUR-RESOURCE.openai.azure.com.")
                : tr("Give the provider's base URL, e.g. https://api.deepseek.com/v1."));
    const Result<QString> normalized = ProviderStore::normalizeBaseUrl(url);
    if (!normalized)
        return Result<ProviderDraft>::failure(
            tr("“%1” is not a web address: it must start with http:// or https:// and name a "
               "host, e.g. https://api.deepseek.com/v1.")
                .arg(url));
    r.baseUrl = normalized.value();
    if (r.name.isEmpty())
        r.name = tr("new provider"); // only a try goes this far without a name
    return checked;
}

Result<ProviderDraft> ProviderDraftCheck::forSaving(const ProviderDraft &draft) const
{
    if (const Status named = checkName(draft.record.name.trimmed(), draft.record.id); !named)
        return named;
    Result<ProviderDraft> checked = forTrying(draft);
    if (!checked)
        return checked;
    if (!m_existing && checked->apiKey.isEmpty() && m_preset && m_preset->needsKey)
        return Result<ProviderDraft>::failure(
            tr("%1 needs an API key. Paste it above; it is stored in the OS keychain.")
                .arg(m_preset->displayName));
    return checked;
}

Status ProviderDraftCheck::checkName(const QString &name, qint64 id) const
{
    if (name.isEmpty())
        return Status::failure(tr("Give the provider a name, e.g. deepseek."));
    const bool renamed = !m_existing || m_existing->name != name;
    if (renamed && !ProviderStore::checkName(name))
        return Status::failure(tr("A provider name may use letters, digits, '-', '_' and '.' (no "
                                  "spaces, '/' or ':'), e.g. deepseek or openai-work."));
    const auto taken = ProviderRepository(m_db).findByName(name);
    if (!taken)
        return taken.status();
    if (taken->has_value() && (*taken)->id != id)
        return Status::failure(
            tr("There is already a provider named “%1”. Pick another name.").arg((*taken)->name));
    return Status::success();
}

} // namespace llmux
