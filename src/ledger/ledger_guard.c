/*-------------------------------------------------------------------------
 *
 * ledger_guard.c
 *	  What keeps a ledger's chains whole beyond its own triggers:
 *
 *	  - INSERT ... ON CONFLICT DO NOTHING.  The stamping trigger runs before
 *		PostgreSQL looks for a conflict, so a row it stamped may then be
 *		skipped.  Within one statement the trigger keeps each chain's tail
 *		in memory; it trusts that tail only when no row can have been
 *		skipped since.  An ExecutorRun hook tells it whether the statement
 *		that inserts has an ON CONFLICT clause; when it has, or when that
 *		cannot be known, the trigger checks by an index probe that the last
 *		row it stamped is in the table, and takes the stamp back when not.
 *
 *	  - Schema changes.  A row's hash covers the names and values of every
 *		column, so adding, dropping, retyping or renaming a column, and
 *		disabling, dropping or renaming the ledger's triggers, would make
 *		the rows already stamped unverifiable or stop stamping.  An event
 *		trigger (ddl_command_start) refuses those commands on ledger tables
 *		and tables they inherit from.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/relation.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_inherits.h"
#include "commands/event_trigger.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "tcop/pquery.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/portal.h"
#include "utils/rel.h"

#include "ledger/ledger.h"

PG_FUNCTION_INFO_V1(logistics_ledger_ddl_guard);

/* ---- ON CONFLICT ---- */

static ExecutorRun_hook_type PrevExecutorRun = NULL;

/* ExecutorRun calls this library has seen begin and not yet end */
static int	RunDepth = 0;

/* Can the innermost of them skip rows after BEFORE triggers stamped them? */
static bool RunMaySkip = false;

static bool
PlanMaySkip(Plan *plan)
{
	return plan != NULL && IsA(plan, ModifyTable) &&
		((ModifyTable *) plan)->onConflictAction != ONCONFLICT_NONE;
}

/* Has the statement an INSERT ... ON CONFLICT, at its top or in a WITH? */
static bool
StatementMaySkip(PlannedStmt *stmt)
{
	ListCell   *lc;

	if (stmt == NULL)
		return true;
	if (PlanMaySkip(stmt->planTree))
		return true;
	foreach(lc, stmt->subplans)
		if (PlanMaySkip((Plan *) lfirst(lc)))
			return true;
	return false;
}

static void
LedgerExecutorRun(QueryDesc *queryDesc, ScanDirection direction,
				  uint64 count, bool execute_once)
{
	bool		save_skip = RunMaySkip;

	RunMaySkip = StatementMaySkip(queryDesc->plannedstmt);
	RunDepth++;
	PG_TRY();
	{
		if (PrevExecutorRun)
			PrevExecutorRun(queryDesc, direction, count, execute_once);
		else
			standard_ExecutorRun(queryDesc, direction, count, execute_once);
	}
	PG_FINALLY();
	{
		RunDepth--;
		RunMaySkip = save_skip;
	}
	PG_END_TRY();
}

void
ledger_init(void)
{
	PrevExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = LedgerExecutorRun;
}

/*
 * May the row the stamping trigger is called for, or rows it stamped
 * before in this statement, be left out of the table without an error?
 *
 * Inside an ExecutorRun this library saw begin, the innermost statement
 * decides (rows inserted by a COPY nested in it cannot be skipped, and the
 * statement itself only with ON CONFLICT).  Outside any, the rows are a
 * top-level COPY's when the active portal is a COPY and the trigger is not
 * nested in another; otherwise the library was loaded in the middle of the
 * statement and nothing is known, so the trigger checks.
 */
bool
ledger_rows_may_be_skipped(void)
{
	if (RunDepth > 0)
		return RunMaySkip;
	if (ActivePortal != NULL && ActivePortal->commandTag == CMDTAG_COPY &&
		DatumGetInt32(DirectFunctionCall1(pg_trigger_depth, (Datum) 0)) <= 1)
		return false;
	return true;
}

/* ---- schema changes ---- */

static bool
IsLedger(Oid relid)
{
	Relation	rel = try_relation_open(relid, AccessShareLock);
	bool		found;

	if (rel == NULL)
		return false;
	found = ledger_chain_column(rel, true) != NULL;
	relation_close(rel, AccessShareLock);
	return found;
}

/* The ledger among rv and (with inh) the tables that inherit from it */
static Oid
LedgerAmong(RangeVar *rv, bool inh)
{
	Oid			relid = RangeVarGetRelid(rv, NoLock, true);
	List	   *rels;
	ListCell   *lc;

	if (!OidIsValid(relid) ||
		(get_rel_relkind(relid) != RELKIND_RELATION &&
		 get_rel_relkind(relid) != RELKIND_PARTITIONED_TABLE))
		return InvalidOid;
	rels = inh ? find_all_inheritors(relid, NoLock, NULL) : list_make1_oid(relid);
	foreach(lc, rels)
		if (IsLedger(lfirst_oid(lc)))
			return lfirst_oid(lc);
	return InvalidOid;
}

static bool
LedgerTrigger(const char *name)
{
	return name != NULL && strncmp(name, "zz_ledger_", 10) == 0;
}

static void Refuse(Oid relid, const char *what) pg_attribute_noreturn();

/* what: the command, "TRIGGER" in it when it is about the triggers */
static void
Refuse(Oid relid, const char *what)
{
	bool		trigger = strstr(what, "TRIGGER") != NULL;

	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("table %s is a ledger: %s is not allowed because %s",
					get_rel_name(relid), what,
					trigger ?
					"rows would go unstamped or could be changed; a superuser can bypass the triggers for a session with session_replication_role = replica" :
					"the row hashes cover every column's name and value, so the rows stamped so far would no longer verify; copy the rows into a new ledger table instead")));
}

/* What an ALTER TABLE subcommand would break, or NULL */
static const char *
AlterTableBreaks(AlterTableCmd *cmd)
{
	switch (cmd->subtype)
	{
		case AT_AddColumn:
		case AT_AddColumnRecurse:
			return "ADD COLUMN";
		case AT_DropColumn:
			return "DROP COLUMN";
		case AT_AlterColumnType:
			return "ALTER COLUMN ... TYPE";
		case AT_DropExpression:
			return "ALTER COLUMN ... DROP EXPRESSION";
		case AT_DisableTrigAll:
		case AT_DisableTrigUser:
			return "DISABLE TRIGGER";
		case AT_DisableTrig:
		case AT_EnableReplicaTrig:
			return LedgerTrigger(cmd->name) ?
				(cmd->subtype == AT_DisableTrig ? "DISABLE TRIGGER" :
				 "ENABLE REPLICA TRIGGER") : NULL;
		default:
			return NULL;
	}
}

static void
GuardAlterTable(AlterTableStmt *stmt)
{
	ListCell   *lc;
	Oid			ledger;

	if (stmt->objtype != OBJECT_TABLE)
		return;
	foreach(lc, stmt->cmds)
	{
		AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);
		const char *what = AlterTableBreaks(cmd);

		if (what != NULL &&
			OidIsValid(ledger = LedgerAmong(stmt->relation, stmt->relation->inh)))
			Refuse(ledger, psprintf("ALTER TABLE ... %s", what));
	}
}

static void
GuardRename(RenameStmt *stmt)
{
	Oid			ledger;

	if (stmt->renameType == OBJECT_COLUMN &&
		stmt->relationType == OBJECT_TABLE &&
		OidIsValid(ledger = LedgerAmong(stmt->relation, stmt->relation->inh)))
		Refuse(ledger, "ALTER TABLE ... RENAME COLUMN");
	if (stmt->renameType == OBJECT_TRIGGER && LedgerTrigger(stmt->subname) &&
		OidIsValid(ledger = LedgerAmong(stmt->relation, false)))
		Refuse(ledger, psprintf("ALTER TRIGGER %s ... RENAME", stmt->subname));
}

static void
GuardDropTrigger(DropStmt *stmt)
{
	ListCell   *lc;

	if (stmt->removeType != OBJECT_TRIGGER)
		return;
	foreach(lc, stmt->objects)
	{
		List	   *names = (List *) lfirst(lc);
		const char *trig;
		Oid			ledger;

		if (list_length(names) < 2)
			continue;
		trig = strVal(llast(names));
		if (LedgerTrigger(trig) &&
			OidIsValid(ledger = LedgerAmong(makeRangeVarFromNameList(list_truncate(list_copy(names),
																				 list_length(names) - 1)),
											false)))
			Refuse(ledger, psprintf("DROP TRIGGER %s", trig));
	}
}

/*
 * _ledger_ddl_guard(): event trigger on ddl_command_start for ALTER TABLE,
 * ALTER TRIGGER and DROP TRIGGER.
 */
Datum
logistics_ledger_ddl_guard(PG_FUNCTION_ARGS)
{
	EventTriggerData *trigdata;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("logistics._ledger_ddl_guard must be called as an event trigger")));
	trigdata = (EventTriggerData *) fcinfo->context;
	if (trigdata->parsetree == NULL)
		PG_RETURN_VOID();
	switch (nodeTag(trigdata->parsetree))
	{
		case T_AlterTableStmt:
			GuardAlterTable((AlterTableStmt *) trigdata->parsetree);
			break;
		case T_RenameStmt:
			GuardRename((RenameStmt *) trigdata->parsetree);
			break;
		case T_DropStmt:
			GuardDropTrigger((DropStmt *) trigdata->parsetree);
			break;
		default:
			break;
	}
	PG_RETURN_VOID();
}
