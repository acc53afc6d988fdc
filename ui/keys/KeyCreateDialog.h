#pragma once

#include "core/domain/Records.h"
#include "ui/theme/ProblemLabel.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace llmux {

class Database;

// Creates one gateway key: a name (unique among live keys), an expiry, its project and what it
// may use (model names or patterns, a scope), then shows the key once
// with a Copy button and a warning that it cannot be shown again. The plaintext lives only in this
// dialog's field and is cleared when the dialog closes.
class KeyCreateDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Expiry { Never, Days30, Days90, OnDate };

    KeyCreateDialog(const Database &db, QWidget *parent = nullptr);
    ~KeyCreateDialog() override;

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *expiryCombo() const { return m_expiry; }
    QDateEdit *dateEdit() const { return m_date; }
    QComboBox *projectCombo() const { return m_project; }
    QLineEdit *modelsEdit() const { return m_models; }
    QComboBox *scopeCombo() const { return m_scope; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *closeButton() const { return m_close; }
    QLabel *problemLabel() const { return m_problem; }
    // The created key, shown once; empty until then.
    QLineEdit *keyEdit() const { return m_key; }
    QPushButton *copyButton() const { return m_copy; }

    void setExpiry(Expiry expiry);

Q_SIGNALS:
    void created(const llmux::GatewayKeyRecord &key);

protected:
    void done(int result) override;

private:
    void create();
    void showProblem(const QString &message);

    const Database &m_db;
    QLineEdit *m_name = nullptr;
    QComboBox *m_expiry = nullptr;
    QDateEdit *m_date = nullptr;
    QComboBox *m_project = nullptr;
    QLineEdit *m_models = nullptr;
    QComboBox *m_scope = nullptr;
    ProblemLabel *m_problem = nullptr;
    QWidget *m_form = nullptr;
    QWidget *m_shown = nullptr;
    QLineEdit *m_key = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_create = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace llmux
