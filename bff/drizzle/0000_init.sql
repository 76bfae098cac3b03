CREATE TABLE "bindings" (
	"member_id" text PRIMARY KEY NOT NULL,
	"organizer_person_id" text NOT NULL,
	"member_person_id" text NOT NULL,
	"relation" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_ins" (
	"check_in_id" text PRIMARY KEY NOT NULL,
	"qr_jti" text NOT NULL,
	"person_id" text NOT NULL,
	"hospital_id" text NOT NULL,
	"department" text,
	"checked_in_at" timestamp with time zone NOT NULL,
	CONSTRAINT "check_ins_qr_jti_unique" UNIQUE("qr_jti")
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"product_id" text NOT NULL,
	"person_id" text NOT NULL,
	"order_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "enrolments_product_id_person_id_pk" PRIMARY KEY("product_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "family_modes" (
	"organizer_person_id" text PRIMARY KEY NOT NULL,
	"pay" boolean NOT NULL,
	"premium" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"body_hash" text NOT NULL,
	"order_id" text,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"person_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"category" text NOT NULL,
	"cover_from" text NOT NULL,
	"waiting_months" integer NOT NULL,
	CONSTRAINT "order_items_order_id_position_pk" PRIMARY KEY("order_id","position")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"payer_person_id" text NOT NULL,
	"product_id" text NOT NULL,
	"pay_method" text NOT NULL,
	"status" text NOT NULL,
	"total_fen" bigint NOT NULL,
	"debit_historical_fen" bigint,
	"debit_current_fen" bigint,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"person_id" text PRIMARY KEY NOT NULL,
	"id_hash" text NOT NULL,
	"id_sealed" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "persons_id_hash_unique" UNIQUE("id_hash")
);
--> statement-breakpoint
CREATE TABLE "rate_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"family_id" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sb_citizens" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"id_sealed" text NOT NULL,
	"name" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_sealed" text NOT NULL,
	"scheme" text NOT NULL,
	"status" text NOT NULL,
	"region" text NOT NULL,
	"has_account" boolean NOT NULL,
	"historical_fen" bigint NOT NULL,
	"current_fen" bigint NOT NULL,
	"paid_years" jsonb NOT NULL,
	"student" boolean NOT NULL,
	"assistance" text
);
--> statement-breakpoint
CREATE TABLE "sb_enrolments" (
	"id_hash" text NOT NULL,
	"year" integer NOT NULL,
	"product_id" text NOT NULL,
	"reference" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "sb_enrolments_id_hash_year_pk" PRIMARY KEY("id_hash","year")
);
--> statement-breakpoint
CREATE TABLE "sb_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"id_hash" text NOT NULL,
	"reference" text NOT NULL,
	"historical_fen" bigint NOT NULL,
	"current_fen" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sb_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sb_relations" (
	"person_hash" text NOT NULL,
	"relative_hash" text NOT NULL,
	"relation" text NOT NULL,
	CONSTRAINT "sb_relations_person_hash_relative_hash_relation_pk" PRIMARY KEY("person_hash","relative_hash","relation")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"openid" text NOT NULL,
	"person_id" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "users_openid_unique" UNIQUE("openid"),
	CONSTRAINT "users_person_id_unique" UNIQUE("person_id")
);
--> statement-breakpoint
CREATE INDEX "bindings_organizer_idx" ON "bindings" USING btree ("organizer_person_id");--> statement-breakpoint
CREATE INDEX "bindings_member_idx" ON "bindings" USING btree ("member_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bindings_live_pair_idx" ON "bindings" USING btree ("organizer_person_id","member_person_id") WHERE "bindings"."status" in ('PENDING_CONSENT', 'ACTIVE');--> statement-breakpoint
CREATE INDEX "check_ins_person_idx" ON "check_ins" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "orders_user_idx" ON "orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "rate_events_bucket_at_idx" ON "rate_events" USING btree ("bucket","at");--> statement-breakpoint
CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sb_ledger_reference_idx" ON "sb_ledger" USING btree ("id_hash","reference");--> statement-breakpoint
CREATE INDEX "sb_relations_relative_idx" ON "sb_relations" USING btree ("relative_hash");