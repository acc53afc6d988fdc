#pragma once

#include "core/common/Result.h"

#include <QList>
#include <QString>

namespace llmux {

class SettingsRepository;
struct GatewayConfig;

// The gateway's tunable numbers kept in the settings table (retries, circuit breakers, health
// checks): their names, what they mean, their bounds and defaults. The one place that reads and
// validates them, for the gateway, the CLI and the GUI alike.
class TuningSettings
{
public:
    struct Entry
    {
        const char *key;
        const char *description; // English; the GUI translates it (llmux::TuningSettingsModel)
        int minimum;
        int maximum;
        int defaultValue;
        bool zeroAllowed = false; // 0 switches the feature off (below minimum otherwise)
    };
    static const QList<Entry> &entries();
    static const Entry *find(const QString &key);

    // The value in force: the stored one within bounds, else the default.
    static int value(const SettingsRepository &settings, const Entry &entry);
    // Checks and stores a value; the error says what is allowed.
    static Status set(SettingsRepository &settings, const QString &key, const QString &value);
    static Status reset(SettingsRepository &settings, const QString &key);

    // Fills the retry, breaker and health policies of a configuration snapshot.
    static void apply(const SettingsRepository &settings, GatewayConfig &config);
};

} // namespace llmux
