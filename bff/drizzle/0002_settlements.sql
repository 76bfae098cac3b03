CREATE TABLE "account_ledger" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"person_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"bucket" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"order_id" text,
	"settlement_id" text,
	"hospital_id" text,
	"subject_person_id" text,
	"subject_masked_name" text,
	"subject_relation" text,
	CONSTRAINT "account_ledger_entry_id_unique" UNIQUE("entry_id")
);
--> statement-breakpoint
CREATE TABLE "sb_outpatient" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"deductible_met_fen" bigint NOT NULL,
	"fund_paid_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"settlement_id" text PRIMARY KEY NOT NULL,
	"hospital_id" text NOT NULL,
	"bill_no" text NOT NULL,
	"body_hash" text NOT NULL,
	"check_in_id" text NOT NULL,
	"patient_person_id" text NOT NULL,
	"patient_masked_name" text NOT NULL,
	"status" text NOT NULL,
	"total_fen" bigint NOT NULL,
	"compliant_fen" bigint NOT NULL,
	"deductible_applied_fen" bigint NOT NULL,
	"fund_fen" bigint NOT NULL,
	"own_current_fen" bigint NOT NULL,
	"own_historical_fen" bigint NOT NULL,
	"family" jsonb NOT NULL,
	"cash_fen" bigint NOT NULL,
	"fund_year" integer NOT NULL,
	"settled_at" timestamp with time zone NOT NULL,
	"refunded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "account_ledger_person_idx" ON "account_ledger" USING btree ("person_id","at","seq");--> statement-breakpoint
CREATE INDEX "account_ledger_settlement_idx" ON "account_ledger" USING btree ("settlement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_bill_idx" ON "settlements" USING btree ("hospital_id","bill_no");--> statement-breakpoint
CREATE INDEX "settlements_hospital_at_idx" ON "settlements" USING btree ("hospital_id","settled_at");--> statement-breakpoint
CREATE INDEX "settlements_patient_idx" ON "settlements" USING btree ("patient_person_id","settled_at");