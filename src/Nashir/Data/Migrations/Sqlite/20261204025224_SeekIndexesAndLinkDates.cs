using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nashir.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeekIndexesAndLinkDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagsId",
                table: "ArticleTags");

            migrationBuilder.DropIndex(
                name: "IX_ArticleAuthors_AuthorsId",
                table: "ArticleAuthors");

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "ArticleTags",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "ArticleAuthors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagsId_PublishedAt_ArticlesId",
                table: "ArticleTags",
                columns: new[] { "TagsId", "PublishedAt", "ArticlesId" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_IsFeatured_Status_PublishedAt",
                table: "Articles",
                columns: new[] { "IsFeatured", "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAuthors_AuthorsId_PublishedAt_ArticlesId",
                table: "ArticleAuthors",
                columns: new[] { "AuthorsId", "PublishedAt", "ArticlesId" });

            // The links' copy of their article's publication time, kept by the database whichever code path changes it
            // (see ArticleLinkDates). Written out here, not called, so this migration never changes once landed.
            foreach (var table in new[] { "ArticleTags", "ArticleAuthors" })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_PublishedAt_OnInsert" AFTER INSERT ON "{table}"
                    BEGIN
                        UPDATE "{table}" SET "PublishedAt" = (SELECT "PublishedAt" FROM "Articles" WHERE "Id" = NEW."ArticlesId")
                        WHERE rowid = NEW.rowid;
                    END;
                    """);
                migrationBuilder.Sql($"""UPDATE "{table}" SET "PublishedAt" = (SELECT "PublishedAt" FROM "Articles" WHERE "Id" = "{table}"."ArticlesId");""");
            }
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_PublishedAt_ToLinks" AFTER UPDATE OF "PublishedAt" ON "Articles"
                WHEN NEW."PublishedAt" IS NOT OLD."PublishedAt"
                BEGIN
                    UPDATE "ArticleTags" SET "PublishedAt" = NEW."PublishedAt" WHERE "ArticlesId" = NEW."Id";
                    UPDATE "ArticleAuthors" SET "PublishedAt" = NEW."PublishedAt" WHERE "ArticlesId" = NEW."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Articles_PublishedAt_ToLinks";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ArticleTags_PublishedAt_OnInsert";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ArticleAuthors_PublishedAt_OnInsert";""");
            migrationBuilder.DropIndex(
                name: "IX_ArticleTags_TagsId_PublishedAt_ArticlesId",
                table: "ArticleTags");

            migrationBuilder.DropIndex(
                name: "IX_Articles_IsFeatured_Status_PublishedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_ArticleAuthors_AuthorsId_PublishedAt_ArticlesId",
                table: "ArticleAuthors");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "ArticleTags");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "ArticleAuthors");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleTags_TagsId",
                table: "ArticleTags",
                column: "TagsId");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAuthors_AuthorsId",
                table: "ArticleAuthors",
                column: "AuthorsId");
        }
    }
}
