#pragma once

#include <QVariantMap>

namespace llmux {

// A page whose unsaved work (a conversation, a key shown once) must survive the window being
// rebuilt, as it is for a new language. The state only passes from the old page to the new one in
// memory; it is never written anywhere.
class PageSession
{
public:
    virtual ~PageSession() = default;
    virtual QVariantMap saveSession() const = 0;
    virtual void restoreSession(const QVariantMap &state) = 0;
};

} // namespace llmux
