CREATE TABLE "qr_tokens" (
	"digest" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"user_id" text NOT NULL,
	"member_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revoked_families" (
	"family_id" text PRIMARY KEY NOT NULL,
	"revoked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "qr_tokens_expires_idx" ON "qr_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "revoked_families_at_idx" ON "revoked_families" USING btree ("revoked_at");