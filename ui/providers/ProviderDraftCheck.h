#pragma once

#include "core/common/Result.h"
#include "core/services/ProviderStore.h"

#include <QCoreApplication>

#include <optional>

namespace llmux {

class Database;
struct ProviderPreset;

// Whether what the provider dialog holds can be tried or saved: the draft as it will be used
// (fields trimmed, the base URL normalised), or what is wrong in words for the user. Trying needs
// a usable base URL; saving also a free, valid name and, for a new provider from a preset that
// needs one, a key.
class ProviderDraftCheck
{
    Q_DECLARE_TR_FUNCTIONS(llmux::ProviderDraftCheck)
public:
    // existing: the provider being edited, if any; preset: the one a new provider started from.
    ProviderDraftCheck(const Database &db, const std::optional<ProviderRecord> &existing,
                       const ProviderPreset *preset = nullptr);

    Result<ProviderDraft> forTrying(const ProviderDraft &draft) const;
    Result<ProviderDraft> forSaving(const ProviderDraft &draft) const;

private:
    Status checkName(const QString &name, qint64 id) const;

    const Database &m_db;
    std::optional<ProviderRecord> m_existing;
    const ProviderPreset *m_preset;
};

} // namespace llmux
