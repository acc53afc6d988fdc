#pragma once

#include "core/services/ProviderStore.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace llmux {

// The provider dialog's first section: what the provider is and how to reach it (kind, name,
// base URL, API key, whether it is used). Every edit goes straight into the draft, which the
// dialog owns; refresh() shows the draft again after something else (a preset) changed it. Its
// parts are found by objectName: kindCombo, nameEdit, baseUrlEdit, apiKeyEdit, showKeyButton,
// presetHint, enabledCheck.
class ConnectionSection : public QWidget
{
    Q_OBJECT
public:
    // editing: the draft is a stored provider, whose key stays when the key field is left empty.
    ConnectionSection(ProviderDraft &draft, bool editing, QWidget *parent = nullptr);

    void refresh();
    // What the user needs to know about the key, as the hint under it.
    void showKeyNeed(bool needsKey, const QString &keysUrl);
    void showStoredKey(const ProviderRecord &provider);
    void showCustomHint();

Q_SIGNALS:
    void kindChanged();

private:
    ProviderDraft &m_draft;
    QComboBox *m_kind;
    QLineEdit *m_name;
    QLineEdit *m_baseUrl;
    QLineEdit *m_apiKey;
    QToolButton *m_showKey;
    QLabel *m_hint;
    QCheckBox *m_enabled;
};

} // namespace llmux
