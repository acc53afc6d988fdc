#include "app/cli/ArgParser.h"
#include "app/cli/CliContext.h"
#include "app/cli/Commands.h"
#include "app/cli/Subcommands.h"
#include "core/store/ProjectRepository.h"

namespace llmux::cli {
namespace {

const QString kUsage = QStringLiteral("llmux project add NAME | list | remove NAME");

int add(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux project add NAME"),
                QStringLiteral("Adds a project: a group of gateway keys (a team, a customer, a "
                               "tool) whose usage, limits and budgets can be taken together."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString name = p.positionalArguments().first().trimmed();
    if (const auto id = ProjectRepository(ctx.db()).add(name); !id)
        return ctx.fail(id.error());
    ctx.out() << "Added project '" << name << "'. Put keys in it: llmux key create NAME --project "
              << name << " (or llmux key set NAME --project " << name << ")." << Qt::endl;
    return 0;
}

int list(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux project list"),
                QStringLiteral("Lists projects and how many keys each has."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 0); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const auto projects = ProjectRepository(ctx.db()).list();
    if (!projects)
        return ctx.fail(projects.error());
    if (projects->isEmpty())
        ctx.out() << "No projects yet. Add one: llmux project add NAME\n";
    for (const ProjectRecord &project : projects.value())
        ctx.out() << qSetFieldWidth(24) << Qt::left << project.name << qSetFieldWidth(0)
                  << project.keyCount << (project.keyCount == 1 ? " key" : " keys") << '\n';
    ctx.out() << Qt::flush;
    return 0;
}

int remove(CliContext &ctx, const QStringList &args)
{
    ArgParser p(QStringLiteral("llmux project remove NAME"),
                QStringLiteral("Removes a project; its keys keep working, in no project."));
    if (int code = p.parse(args, ctx.out(), ctx.err(), 1); code >= 0)
        return code;
    if (Status opened = ctx.open(); !opened)
        return ctx.fail(opened.error());
    const QString name = p.positionalArguments().first();
    if (const Status s = ProjectRepository(ctx.db()).remove(name); !s)
        return ctx.fail(s.error());
    ctx.out() << "Removed project '" << name << "'; its keys are in no project now." << Qt::endl;
    return 0;
}

} // namespace

int runProject(CliContext &ctx, const QStringList &args)
{
    return runSubcommand(ctx, args, QStringLiteral("project"), kUsage,
                         {{"add", add}, {"list", list}, {"remove", remove}});
}

} // namespace llmux::cli
