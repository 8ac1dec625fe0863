using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nashir.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RevisionFieldsAndNewDraftSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleAutosaves_UserId_ArticleId",
                table: "ArticleAutosaves");

            migrationBuilder.AddColumn<string>(
                name: "Fields",
                table: "ArticleRevisions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DraftKey",
                table: "ArticleAutosaves",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAutosaves_UserId_ArticleId_DraftKey",
                table: "ArticleAutosaves",
                columns: new[] { "UserId", "ArticleId", "DraftKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ArticleAutosaves_UserId_ArticleId_DraftKey",
                table: "ArticleAutosaves");

            migrationBuilder.DropColumn(
                name: "Fields",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "DraftKey",
                table: "ArticleAutosaves");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleAutosaves_UserId_ArticleId",
                table: "ArticleAutosaves",
                columns: new[] { "UserId", "ArticleId" },
                unique: true);
        }
    }
}
