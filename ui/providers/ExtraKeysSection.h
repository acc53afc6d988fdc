#pragma once

#include "core/domain/Records.h"

#include <QList>
#include <QWidget>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace llmux {

// The provider dialog's pool of extra API keys: the keys already stored (by label and where the
// secret lives) and keys typed here, which wait in this object, never in the list's item data,
// until the provider is saved. Enter in the new-key field adds the key; it does not save the
// dialog. Its parts are found by objectName: extraKeyList, newExtraKeyEdit, addExtraKeyButton,
// removeExtraKeyButton.
class ExtraKeysSection : public QWidget
{
    Q_OBJECT
public:
    explicit ExtraKeysSection(QWidget *parent = nullptr);

    // The keys the provider has now.
    void showStored(const QList<ProviderKeyRecord> &keys);
    // What saving should do: stored keys the user removed, secrets typed here (oldest first).
    QList<qint64> removedKeyIds() const { return m_removed; }
    QList<QByteArray> addedSecrets() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // One row of the list: a stored key (id > 0) or a secret typed here (id 0).
    struct Row
    {
        qint64 id = 0;
        QByteArray secret;
    };
    void addTyped();
    void forgetRows(int first, int last);

    QListWidget *m_list;
    QLineEdit *m_newKey;
    QPushButton *m_add;
    QPushButton *m_remove;
    QList<Row> m_rows; // parallel to m_list's rows, whichever way rows go
    QList<qint64> m_removed;
};

} // namespace llmux
