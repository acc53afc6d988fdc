#pragma once

#include <QList>
#include <QString>

namespace llmux {

// Known providers with their kind and API base URL, so a user names a preset instead of typing
// URLs.
struct ProviderPreset
{
    QString id;
    QString displayName;
    QString kind;
    QString baseUrl;
    QString apiKeyEnv; // the environment variable the vendor's own tools use, as a hint
    bool needsKey = true;
    QString keysUrl; // where a user gets an API key (or the local server's download page)
};

class ProviderPresets
{
public:
    static const QList<ProviderPreset> &all();
    static const ProviderPreset *find(const QString &id);
};

} // namespace llmux
